import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const shapeArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 });

describe('Step', () => {
  it('matches the cpu backend on random shapes and alphas, zeros and NaN included', () => {
    fc.assert(
      fc.property(shapeArb, seedArb, fc.double({ min: -2, max: 2, noNaN: true }), (shape, seed, alpha) => {
        const size = shape.reduce((a, b) => a * b, 1);
        // Every third value 0 or NaN: the x > 0 boundary and NaN passing through.
        const values = randomValues(size, seed).map((v, i) => (i % 3 === 1 ? 0 : i % 7 === 2 ? Number.NaN : v));
        expectMatchesCpu(() => tf.step(tf.tensor(values, shape), alpha), 0);
      }),
      { numRuns: 60 },
    );
  });

  it("matches the cpu backend's ReLU gradient, mul(dy, step(x)), and the fused conv's relu gradient", () => {
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const size = shape.reduce((a, b) => a * b, 1);
        expectSameAsCpu(() => {
          const x = tf.tensor(randomValues(size, seed), shape);
          const w = tf.tensor(randomValues(size, seed + 1), shape);
          return tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(tf.relu(xs), w)))(x);
        }, 0);
      }),
      { numRuns: 30 },
    );
    expectSameAsCpu(() => {
      const x = tf.tensor4d(randomValues(2 * 6 * 6 * 3, 1), [2, 6, 6, 3]);
      const f = tf.tensor4d(randomValues(3 * 3 * 3 * 5, 2), [3, 3, 3, 5]);
      const b = tf.tensor1d(randomValues(5, 3));
      const g = (xs: tf.Tensor4D, fs: tf.Tensor4D, bs: tf.Tensor1D) =>
        tf.sum(tf.square(tf.fused.conv2d({ x: xs, filter: fs, bias: bs, strides: 1, pad: 'same', activation: 'relu' })));
      return tf.grads(g as (...args: tf.Tensor[]) => tf.Tensor)([x, f, b]);
    }, 1e-4);
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.step(tf.tensor1d([-2, 0, 3], 'int32'), 0.5));
    expect(Array.from(ours!)).toEqual(Array.from(runOn('cpu', () => tf.step(tf.tensor1d([-2, 0, 3], 'int32'), 0.5))[0]!));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(randomValues(1000, 3), [10, 100]);
    await expectNoLeaks(() => tf.step(x));
    x.dispose();
  });
});
