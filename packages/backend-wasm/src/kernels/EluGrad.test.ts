import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const shapeArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 });

describe('EluGrad', () => {
  it("matches the cpu backend's gradient of elu on random shapes", () => {
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const size = shape.reduce((a, b) => a * b, 1);
        expectSameAsCpu(() => {
          const x = tf.tensor(randomValues(size, seed).map((v) => v * 4), shape);
          const w = tf.tensor(randomValues(size, seed + 1), shape);
          return tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(tf.elu(xs), w)))(x);
        }, 1e-6);
      }),
      { numRuns: 60 },
    );
  });

  it('passes NaN through and keeps the y ≥ 0 boundary, as the cpu does', () => {
    const y = tf.tensor1d([0, -0, -0.5, Number.NaN, 2, -1]);
    const dy = tf.tensor1d([1, 2, 3, 4, 5, Number.NaN]);
    expectMatchesCpu(() => tf.engine().runKernel('EluGrad', { dy, y }) as tf.Tensor, 0);
    tf.dispose([y, dy]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const y = tf.tensor(randomValues(1000, 3), [10, 100]);
    const dy = tf.tensor(randomValues(1000, 4), [10, 100]);
    await expectNoLeaks(() => tf.engine().runKernel('EluGrad', { dy, y }) as tf.Tensor);
    tf.dispose([y, dy]);
  });
});
