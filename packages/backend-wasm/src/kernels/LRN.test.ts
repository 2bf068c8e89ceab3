import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { lrnProblemArb } from '../../test/kernels/window_cases.js';

// f64 per element as the cpu (musl's pow against V8's: equal after rounding to float32 but for
// rare last-bit cases).
describe('LRN', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on random shapes, radii, biases, alphas and betas, forward and backward', () => {
    fc.assert(
      fc.property(lrnProblemArb, ({ shape, depthRadius, bias, alpha, beta, seed }) => {
        const x = () => tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), seed).map((v) => v * 3), shape);
        const lrn = (t: tf.Tensor) => tf.localResponseNormalization(t as tf.Tensor4D, depthRadius, bias, alpha, beta);
        expectNativeMatch(() => lrn(x()), 1e-7);
        expectNativeMatch(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(lrn(t), tf.range(0, t.size).reshape(t.shape))))(x()), 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 5 * 5 * 16, 1), [2, 5, 5, 16]);
    await expectNoLeaks(() => tf.localResponseNormalization(x, 2, 1, 1e-4, 0.75));
    x.dispose();
  });
});
