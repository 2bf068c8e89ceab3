import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('ResizeNearestNeighborGrad', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  // Batch 1: beyond it the cpu reads dy at the image's batch stride (NaN or another image's values
  // where the sizes differ); ours reads each image's own dy.
  it('matches the cpu backend’s gradient of resizeNearestNeighbor (up, down, alignCorners)', () => {
    fc.assert(
      fc.property(
        fc.constant(1), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), seedArb,
        (batch, h, w, c, outH, outW, alignCorners, seed) => {
          // With alignCorners, a size-1 input axis makes the cpu's search window infinite (it never returns).
          fc.pre(!alignCorners || (h > 1 && w > 1));
          expectNativeMatch(() => {
            const x = tf.tensor4d(randomValues(batch * h * w * c, seed), [batch, h, w, c]);
            const weights = tf.tensor4d(randomValues(batch * outH * outW * c, seed + 1), [batch, outH, outW, c]);
            return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [outH, outW], alignCorners), weights)))(x);
          }, 0);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('ResizeNearestNeighborGrad with batches', () => {
  it('equals the batch-1 gradients of each image stacked', async () => {
    await tf.setBackend(FOVEA);
    const x = tf.tensor4d(randomValues(3 * 4 * 5 * 2, 1), [3, 4, 5, 2]);
    const weights = tf.tensor4d(randomValues(3 * 7 * 3 * 2, 2), [3, 7, 3, 2]);
    const grad = (images: tf.Tensor4D, w: tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [7, 3]), w)))(images);
    const whole = await grad(x, weights).data();
    const parts = [0, 1, 2].map((b) => grad(tf.slice(x, [b, 0, 0, 0], [1, 4, 5, 2]), tf.slice(weights, [b, 0, 0, 0], [1, 7, 3, 2])).dataSync());
    expect(Array.from(whole)).toEqual(parts.flatMap((p) => Array.from(p)));
  });
});
