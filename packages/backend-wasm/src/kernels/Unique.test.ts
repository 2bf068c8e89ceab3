import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

// Repeats from a coarse grid; -0 and 0 are one value, NaNs another, as in tfjs's string keys.
describe('Unique', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on float32, int32 and bool tensors along any axis', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }).chain((shape) =>
          fc.tuple(fc.constant(shape), fc.integer({ min: -shape.length, max: shape.length - 1 })),
        ),
        fc.constantFrom('float32', 'int32', 'bool'), seedArb,
        ([shape, axis], dtype, seed) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const values = Array.from(randomValues(n, seed), (v, i) => {
            if (dtype === 'bool') return v > 0 ? 1 : 0;
            const grid = Math.round(v * 2);
            if (dtype === 'float32' && i % 7 === 3) return [Number.NaN, -0, 0][i % 3]!;
            return grid;
          });
          expectNativeMatch(() => {
            const { values: u, indices } = tf.unique(tf.tensor(values, shape, dtype as 'float32'), axis);
            return [u, indices];
          }, 0);
        },
      ),
      { numRuns: 80 },
    );
  });
});
