import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn } from '../../test/kernels/compare.js';
import { cpuCanRun, expectMatchesCpu } from '../../test/kernels/matches.js';
import { type PoolProblem, poolArb, poolInput } from '../../test/kernels/pool_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const avgPool = (p: PoolProblem, x: tf.Tensor4D) => tf.avgPool(x, p.filter, p.stride, p.pad, p.roundingMode);

describe('AvgPool', () => {
  it('matches the cpu backend on random shapes, windows, strides and paddings', () => {
    fc.assert(
      fc.property(poolArb, (p) => expectMatchesCpu(() => avgPool(p, poolInput(p)), 1e-6)),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(poolArb, (p) => {
        const gradient = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(avgPool(p, x as tf.Tensor4D))))(poolInput(p));
        // tfjs's avgPool gradient throws on some shapes on every backend, the cpu included.
        fc.pre(cpuCanRun(gradient));
        expectMatchesCpu(gradient, 1e-5);
      }),
      { numRuns: 40 },
    );
  });

  it('matches on the benchmark shape (3×3/2 same on 112×112×64)', () => {
    expectMatchesCpu(() => tf.avgPool(tf.tensor4d(randomValues(112 * 112 * 64, 5), [1, 112, 112, 64]), 3, 2, 'same'), 1e-6);
  });

  it('propagates NaN through the windows that hold it, as the cpu does', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, Number.NaN, 9];
    const [ours] = runOn(FOVEA, () => tf.avgPool(tf.tensor4d(values, [1, 3, 3, 1]), 2, 1, 'valid'));
    const [reference] = runOn('cpu', () => tf.avgPool(tf.tensor4d(values, [1, 3, 3, 1]), 2, 1, 'valid'));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });

  it('averages only in-bounds elements under same padding (TF semantics)', () => {
    const [ours] = runOn(FOVEA, () => tf.avgPool(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 2, 1, 'same'));
    const [reference] = runOn('cpu', () => tf.avgPool(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 2, 1, 'same'));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 20, 3), [2, 9, 9, 20]);
    await expectNoLeaks(() => tf.avgPool(x, 3, 2, 'same'));
    x.dispose();
  });
});
