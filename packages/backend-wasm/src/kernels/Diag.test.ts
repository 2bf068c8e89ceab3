import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { boolValues, intValues } from '../../test/kernels/binary_math_cases.js';
import { FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('Diag', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on float32, int32 and bool tensors of rank 1–3', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.constantFrom('float32', 'int32', 'bool'), seedArb, (shape, dtype, seed) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = dtype === 'float32' ? randomValues(n, seed) : dtype === 'int32' ? intValues(n, seed) : boolValues(n, seed);
        expectNativeMatch(() => tf.diag(tf.tensor(values, shape, dtype as 'float32')), 0);
      }),
      { numRuns: 60 },
    );
  });
});
