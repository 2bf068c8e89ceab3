import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { boolValues } from '../../test/kernels/binary_math_cases.js';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('LogicalNot', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on random bool tensors, empty ones included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 3 }), seedArb, (shape, seed) => {
        const n = shape.reduce((a, b) => a * b, 1);
        expectNativeMatch(() => tf.logicalNot(tf.tensor(boolValues(n, seed), shape, 'bool')), 0, n > 0);
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(boolValues(1000, 3), [10, 100], 'bool');
    await expectNoLeaks(() => tf.logicalNot(x));
    x.dispose();
  });
});
