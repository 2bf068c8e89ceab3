// The shared tests of the pooling kernels (AvgPool, MaxPool): forward and gradient against the cpu
// backend on random problems, the benchmark shape, NaN handling and no leaks; each test file adds
// the kernel's own cases.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn } from './compare.js';
import { cpuCanRun, expectMatchesCpu } from './matches.js';
import { type PoolProblem, poolArb, poolInput } from './pool_problems.js';

type PoolOp = (
  x: tf.Tensor4D,
  filterSize: number | [number, number],
  strides: number | [number, number],
  pad: PoolProblem['pad'] | 'same' | 'valid',
  dimRoundingMode?: PoolProblem['roundingMode'],
) => tf.Tensor4D;

export interface PoolCase {
  op: PoolOp;
  /** Forward tolerance (relative; absolute below magnitude 1). */
  tolerance: number;
  /** Problems the gradient test leaves out, for a reason given at the call site. */
  gradientProblem?: (p: PoolProblem) => boolean;
  /** Skip the problems on which tfjs's gradient itself throws on the cpu. */
  skipWhereCpuThrows?: boolean;
  /** Title of the NaN test (what the cpu does with a NaN inside a window). */
  nanTitle: string;
}

/** Registers the shared tests inside the caller's `describe(kernel, ...)`. */
export function itBehavesLikePool({ op, tolerance, gradientProblem, skipWhereCpuThrows, nanTitle }: PoolCase): void {
  const pool = (p: PoolProblem, x: tf.Tensor4D) => op(x, p.filter, p.stride, p.pad, p.roundingMode);

  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on random shapes, windows, strides and paddings', () => {
    fc.assert(
      fc.property(poolArb, (p) => expectMatchesCpu(() => pool(p, poolInput(p)), tolerance)),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(gradientProblem ? poolArb.filter(gradientProblem) : poolArb, (p) => {
        const gradient = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(pool(p, x as tf.Tensor4D))))(poolInput(p));
        if (skipWhereCpuThrows) fc.pre(cpuCanRun(gradient));
        expectMatchesCpu(gradient, 1e-5);
      }),
      { numRuns: 40 },
    );
  });

  it('matches on the benchmark shape (3×3/2 same on 112×112×64)', () => {
    expectMatchesCpu(() => op(tf.tensor4d(randomValues(112 * 112 * 64, 5), [1, 112, 112, 64]), 3, 2, 'same'), tolerance);
  });

  it(nanTitle, () => {
    const values = [1, 2, 3, 4, 5, 6, 7, Number.NaN, 9];
    const [ours] = runOn(FOVEA, () => op(tf.tensor4d(values, [1, 3, 3, 1]), 2, 1, 'valid'));
    const [reference] = runOn('cpu', () => op(tf.tensor4d(values, [1, 3, 3, 1]), 2, 1, 'valid'));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
    // A whole 3×3 window over 8+ channels (the unrolled path), NaN first in some channels' windows.
    const wide = Array.from({ length: 9 * 12 }, (_, i) => (i % 12 < 5 && i < 12 ? Number.NaN : Math.sin(i)));
    expectMatchesCpu(() => op(tf.tensor4d(wide, [1, 3, 3, 12]), 3, 1, 'valid'), tolerance);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 9 * 9 * 20, 3), [2, 9, 9, 20]);
    await expectNoLeaks(() => op(x, 3, 2, 'same'));
    x.dispose();
  });
}
