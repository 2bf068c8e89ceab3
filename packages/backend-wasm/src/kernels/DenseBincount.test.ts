import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('DenseBincount', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on vectors and matrices, with weights or none, binaryOutput or counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 20 }), fc.boolean(), fc.integer({ min: 1, max: 10 }),
        fc.constantFrom('none', 'float32', 'int32'), fc.boolean(), seedArb,
        (rows, cols, matrix, size, weights, binaryOutput, seed) => {
          const shape = matrix ? [rows, cols] : [cols];
          expectNativeMatch(() => {
            const x = tf.tensor(Int32Array.from(randomValues(rows * cols, seed).subarray(0, matrix ? rows * cols : cols), (v) => Math.floor((v + 1) * 6)), shape, 'int32');
            const w = weights === 'none' ? tf.tensor([], [0], 'float32') : tf.tensor(randomValues(x.size, seed + 1).map((v) => (weights === 'int32' ? Math.round(v * 9) : v)), shape, weights);
            return tf.denseBincount(x as tf.Tensor1D, w as tf.Tensor1D, size, binaryOutput);
          }, 0, cols > 0);
        },
      ),
      { numRuns: 80 },
    );
  });
});
