import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }),
  scale: fc.constantFrom(1, 10, 80),
  seed: seedArb,
});

const logits = (shape: number[], seed: number, scale: number) =>
  tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * scale), shape);

describe('Softmax', () => {
  it('matches the cpu backend on random shapes and logit magnitudes', () => {
    fc.assert(
      fc.property(problemArb, ({ shape, scale, seed }) => {
        // float32 exp (a polynomial, within 2 ulp) against the cpu's float64 Math.exp.
        expectMatchesCpu(() => tf.softmax(logits(shape, seed, scale)), 1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, ({ shape, scale, seed }) => {
        const size = shape.reduce((a, b) => a * b, 1);
        expectMatchesCpu(
          () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.softmax(x), tf.tensor(randomValues(size, seed + 1), shape))))(logits(shape, seed, scale)),
          1e-5,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('matches on a 1000-class classifier head and on ±Infinity/NaN logits', () => {
    expectMatchesCpu(() => tf.softmax(logits([4, 1000], 3, 20)), 1e-6);
    expectMatchesCpu(() => tf.softmax(tf.tensor2d([[1, Number.NEGATIVE_INFINITY, 3, 0, 2], [1, Number.NaN, 3, 0, 2]])), 1e-6);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = logits([8, 37], 1, 5);
    await expectNoLeaks(() => tf.softmax(x));
    x.dispose();
  });
});
