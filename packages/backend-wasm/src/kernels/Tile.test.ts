import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 5 })
  .chain((axes) => fc.tuple(fc.constant(axes.map((a) => a[0])), fc.constant(axes.map((a) => a[1])), seedArb));

describe('Tile', () => {
  it('matches the cpu backend exactly on random shapes and repetitions', () => {
    fc.assert(
      fc.property(problemArb, ([shape, reps, seed]) => {
        expectSameAsCpu(() => tf.tile(tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed), shape), reps), 0);
      }),
      { numRuns: 100 },
    );
  });

  it("matches the cpu backend's batchNorm gradients (which tile 1/sqrt(variance + ε) over the batch)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 13 }), seedArb,
        (n, h, w, c, seed) => {
          expectSameAsCpu(() => {
            const x = tf.tensor4d(randomValues(n * h * w * c, seed), [n, h, w, c]);
            const mean = tf.tensor1d(randomValues(c, seed + 1));
            const variance = tf.tensor1d(randomValues(c, seed + 2).map((v) => Math.abs(v) + 0.1));
            const offset = tf.tensor1d(randomValues(c, seed + 3));
            const scale = tf.tensor1d(randomValues(c, seed + 4));
            const wts = tf.tensor4d(randomValues(n * h * w * c, seed + 5), [n, h, w, c]);
            const f = (xs: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
              tf.sum(tf.mul(tf.batchNorm(xs as tf.Tensor4D, m as tf.Tensor1D, v as tf.Tensor1D, o as tf.Tensor1D, s as tf.Tensor1D, 1e-3), wts));
            return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, mean, variance, offset, scale]);
          }, 1e-4);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.tile(tf.tensor1d([1, 2], 'int32'), [3]));
    expect(Array.from(ours!)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(16, 3), [1, 1, 1, 16]);
    await expectNoLeaks(() => tf.tile(x, [4, 9, 9, 1]));
    x.dispose();
  });
});
