import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('SearchSorted', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on float32 and int32 rows, left and right, ties included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.boolean(),
        fc.constantFrom<'left' | 'right'>('left', 'right'), seedArb,
        (batch, inputs, count, int32, side, seed) => {
          const grid = (v: number) => Math.round(v * 5);
          const sorted = Array.from({ length: batch }, (_, b) => Array.from(randomValues(inputs, seed + b), grid).sort((p, q) => p - q)).flat();
          const values = Array.from(randomValues(batch * count, seed + 9), (v) => grid(v * 1.2) + (int32 ? 0 : 0.5 * (Math.round(v * 7) % 2)));
          const dtype = int32 ? 'int32' : 'float32';
          expectNativeMatch(() => tf.searchSorted(tf.tensor2d(sorted, [batch, inputs], dtype), tf.tensor2d(values, [batch, count], dtype), side), 0);
        },
      ),
      { numRuns: 80 },
    );
  });
});
