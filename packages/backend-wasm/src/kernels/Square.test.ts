import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const shapeArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 0, maxLength: 4 });

describe('Square', () => {
  it('matches the cpu backend exactly on random shapes (negative, zero, NaN and infinite values included)', () => {
    fc.assert(
      fc.property(shapeArb, seedArb, (shape, seed) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1e30];
        const values = randomValues(size, seed).map((v, i) => (i % 5 === 3 ? specials[(i / 5) % 5 | 0]! : v * 10));
        expectMatchesCpu(() => tf.square(tf.tensor(values, shape)), 0);
      }),
      { numRuns: 60 },
    );
  });

  it('runs in WASM and has the same gradient as the cpu backend', () => {
    expectSameAsCpu(() => tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor2d(randomValues(60, 4).map(Math.abs), [6, 10])), 1e-6);
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.square(tf.tensor1d([4, 9], 'int32')));
    expect(Array.from(ours!)).toEqual(Array.from(runOn('cpu', () => tf.square(tf.tensor1d([4, 9], 'int32')))[0]!));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(randomValues(1000, 3).map(Math.abs), [10, 100]);
    await expectNoLeaks(() => tf.square(x));
    x.dispose();
  });
});
