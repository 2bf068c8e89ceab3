import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { cpuCanRun } from '../../test/kernels/matches.js';
import { type PoolProblem, poolArb, poolInput } from '../../test/kernels/pool_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

/** d/dx of sum(avgPool(x) · w) for a fixed random w. */
function avgPoolGrad(p: PoolProblem): tf.Tensor {
  const x = poolInput(p);
  const pool = (xs: tf.Tensor4D) => tf.avgPool(xs, p.filter, p.stride, p.pad, p.roundingMode);
  const w = tf.tensor(randomValues(pool(x).size, p.seed + 5));
  return tf.grad((xs: tf.Tensor) => tf.sum(tf.mul(pool(xs as tf.Tensor4D).flatten(), w)))(x);
}

describe('AvgPoolGrad', () => {
  it("matches the cpu backend's gradient of avgPool on random shapes, windows, strides and paddings", () => {
    fc.assert(
      // The 1×1 identity pool's gradient fails on every backend; AvgPoolGrad has no dimRoundingMode,
      // so a rounded forward shape can mismatch on the cpu too: both are left out.
      fc.property(
        poolArb.filter((p) => p.filter[0] * p.filter[1] > 1),
        (p) => {
          if (!cpuCanRun(() => avgPoolGrad(p))) return;
          expectSameAsCpu(() => avgPoolGrad(p), 1e-5);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs in WASM when called directly (3×3/2 same, windows clipped by padding)', () => {
    expectSameAsCpu(
      () =>
        tf.engine().runKernel('AvgPoolGrad', {
          dy: tf.tensor4d(randomValues(2 * 5 * 5 * 6, 4), [2, 5, 5, 6]),
          input: tf.tensor4d(randomValues(2 * 9 * 9 * 6, 3), [2, 9, 9, 6]),
        }, { filterSize: 3, strides: 2, pad: 'same' } as unknown as tf.NamedAttrMap) as tf.Tensor,
      1e-6,
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 20, 3), [2, 9, 9, 20]);
    const dy = tf.tensor4d(randomValues(2 * 5 * 5 * 20, 4), [2, 5, 5, 20]);
    await expectNoLeaks(
      () =>
        tf.engine().runKernel('AvgPoolGrad', { dy, input: x }, {
          filterSize: 3, strides: 2, pad: 'same',
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
    tf.dispose([x, dy]);
  });
});
