import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn, wasmCalls } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';
import { type PoolProblem, poolArb, poolInput } from '../../test/kernels/pool_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// tfjs's own gradient fails on the 1×1 identity pool (cpu included), so windows are > 1×1.
const gradArb = poolArb.filter((p) => p.filter[0] * p.filter[1] > 1);

function maxPoolGrad(p: PoolProblem, x: tf.Tensor4D, dySeed: number): tf.Tensor {
  const y = tf.maxPool(x, p.filter, p.stride, p.pad, p.roundingMode);
  const dy = tf.tensor(randomValues(y.size, dySeed), y.shape);
  return tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, {
    filterSize: p.filter, strides: p.stride, pad: p.pad, dimRoundingMode: p.roundingMode,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Values from {-1, 0, 1}: windows with tied maxima, where the first one must get the gradient. */
function tiedInput(p: PoolProblem): tf.Tensor4D {
  const shape: [number, number, number, number] = [p.batch, p.height, p.width, p.channels];
  return tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), p.seed).map((v) => Math.round(v)), shape);
}

describe('MaxPoolGrad', () => {
  it("matches the cpu backend's gradient of maxPool on random shapes, windows, strides and paddings", () => {
    fc.assert(
      fc.property(gradArb, (p) =>
        expectSameAsCpu(() => {
          const x = poolInput(p);
          const w = tf.tensor(randomValues(tf.maxPool(x, p.filter, p.stride, p.pad, p.roundingMode).size, p.seed + 5));
          return tf.grad((xs: tf.Tensor) =>
            tf.sum(tf.mul(tf.maxPool(xs as tf.Tensor4D, p.filter, p.stride, p.pad, p.roundingMode).flatten(), w)),
          )(x);
        }, 1e-5),
      ),
      { numRuns: 60 },
    );
  });

  it('routes a tied maximum to its first pixel, as the cpu does', () => {
    fc.assert(
      fc.property(gradArb, (p) => expectSameAsCpu(() => maxPoolGrad(p, tiedInput(p), p.seed + 1), 1e-5)),
      { numRuns: 40 },
    );
  });

  it('skips NaN and gives no gradient to a window of -Infinity, as the cpu does', () => {
    const values = [Number.NaN, 2, -Infinity, -Infinity, 5, Number.NaN, -Infinity, -Infinity, 1, 1, 3, 3, 0, 7, 7, 2];
    for (const channels of [1, 4]) {
      const shape: [number, number, number, number] = [1, 4, 4 / channels, channels];
      const p = { filter: [2, 1], stride: [1, 1], pad: 'valid', roundingMode: undefined } as unknown as PoolProblem;
      expectMatchesCpu(() => maxPoolGrad(p, tf.tensor4d(values, shape), 3), 0);
    }
  });

  it('runs in WASM for float32 and falls back to the cpu kernel for int32', () => {
    const p = { filter: [2, 2], stride: [2, 2], pad: 'valid', roundingMode: undefined } as unknown as PoolProblem;
    const calls = wasmCalls(() => runOn(FOVEA, () => maxPoolGrad(p, tf.tensor4d(randomValues(16, 1), [1, 4, 4, 1]), 2)));
    expect(calls).toBeGreaterThan(0);
    const [ours] = runOn(FOVEA, () => {
      const x = tf.tensor4d([1, 5, 3, 2], [1, 2, 2, 1], 'int32');
      return tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor4d([2], [1, 1, 1, 1]), input: x, output: tf.maxPool(x, 2, 1, 'valid') }, {
        filterSize: 2, strides: 1, pad: 'valid',
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
    });
    expect(Array.from(ours!)).toEqual([0, 2, 0, 0]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 20, 3), [2, 9, 9, 20]);
    const p = { filter: [3, 3], stride: [2, 2], pad: 'same', roundingMode: undefined } as unknown as PoolProblem;
    await expectNoLeaks(() => tf.tidy(() => maxPoolGrad(p, x, 4)));
    x.dispose();
  });
});
