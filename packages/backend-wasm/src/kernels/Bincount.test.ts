import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

const bincountArb = fc.record({
  length: fc.integer({ min: 0, max: 40 }),
  size: fc.integer({ min: 0, max: 12 }),
  weights: fc.constantFrom('none', 'float32', 'int32'),
  seed: seedArb,
});

describe('Bincount', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend (values past size skipped; no, float32 and int32 weights; float32 sums in order)', () => {
    fc.assert(
      fc.property(bincountArb, ({ length, size, weights, seed }) => {
        expectNativeMatch(() => {
          const x = tf.tensor1d(Int32Array.from(randomValues(length, seed), (v) => Math.floor((v + 1) * 8)), 'int32');
          const w =
            weights === 'none' ? tf.tensor1d([], 'float32') : tf.tensor1d(randomValues(length, seed + 1).map((v) => (weights === 'int32' ? Math.round(v * 9) : v * 1e3)), weights);
          return tf.bincount(x, w, size);
        }, 0, length > 0);
      }),
      { numRuns: 80 },
    );
  });

  it('throws the cpu’s error on a negative value', async () => {
    await tf.setBackend(FOVEA);
    expect(() => tf.bincount(tf.tensor1d([1, -2], 'int32'), tf.tensor1d([], 'float32'), 4)).toThrow('Input x must be non-negative!');
  });
});
