import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';
import { type PoolProblem, poolArb, poolInput } from '../../test/kernels/pool_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const maxPool = (p: PoolProblem, x: tf.Tensor4D) => tf.maxPool(x, p.filter, p.stride, p.pad, p.roundingMode);

describe('MaxPool', () => {
  it('matches the cpu backend on random shapes, windows, strides and paddings', () => {
    fc.assert(
      fc.property(poolArb, (p) => expectMatchesCpu(() => maxPool(p, poolInput(p)), 0)),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      // tfjs's own gradient fails on the 1×1 identity pool (cpu included), so windows are > 1×1.
      fc.property(poolArb.filter((p) => p.filter[0] * p.filter[1] > 1), (p) =>
        expectMatchesCpu(() => tf.grad((x: tf.Tensor) => tf.sum(tf.square(maxPool(p, x as tf.Tensor4D))))(poolInput(p)), 1e-5),
      ),
      { numRuns: 40 },
    );
  });

  it('matches on the benchmark shape (3×3/2 same on 112×112×64)', () => {
    expectMatchesCpu(() => tf.maxPool(tf.tensor4d(randomValues(112 * 112 * 64, 5), [1, 112, 112, 64]), 3, 2, 'same'), 0);
  });

  it('skips NaN inside a window, as the cpu does', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, Number.NaN, 9];
    const [ours] = runOn(FOVEA, () => tf.maxPool(tf.tensor4d(values, [1, 3, 3, 1]), 2, 1, 'valid'));
    const [reference] = runOn('cpu', () => tf.maxPool(tf.tensor4d(values, [1, 3, 3, 1]), 2, 1, 'valid'));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.maxPool(tf.tensor4d([1, 5, 3, 2], [1, 2, 2, 1], 'int32'), 2, 1, 'valid'));
    expect(Array.from(ours!)).toEqual([5]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 20, 3), [2, 9, 9, 20]);
    await expectNoLeaks(() => tf.maxPool(x, 3, 2, 'same'));
    x.dispose();
  });
});
