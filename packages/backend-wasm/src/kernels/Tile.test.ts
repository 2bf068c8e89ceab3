import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';

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

  it('matches the cpu backend on int32 and bool, zero repetitions, and broadcastTo', () => {
    fc.assert(
      fc.property(problemArb, dtypeArb, ([shape, reps, seed], dtype) => {
        expectSameTensors(() => tf.tile(layoutTensor(shape, dtype, seed), reps), { wasm: true });
        expectSameTensors(() => tf.tile(layoutTensor(shape, dtype, seed), reps.map((r, i) => (i === 0 ? 0 : r))));
        expectSameTensors(() => tf.broadcastTo(layoutTensor([shape[0]!, 1], dtype, seed), [3, shape[0]!, 5]));
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(16, 3), [1, 1, 1, 16]);
    await expectNoLeaks(() => tf.tile(x, [4, 9, 9, 1]));
    x.dispose();
  });
});
