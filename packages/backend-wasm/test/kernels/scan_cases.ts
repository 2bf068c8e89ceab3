// The shared property tests of ArgMax / ArgMin and of the scans Cumsum / Cumprod: float32, int32
// and bool inputs of random shapes along any axis (scans exclusive and reversed too), long rows
// split across threads, and no leaks, against the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { boolValues, intValues } from './binary_math_cases.js';
import { expectNoLeaks, FOVEA, lcgValues, randomValues, seedArb } from './compare.js';
import { cpuCanRun, expectNativeMatch } from './matches.js';

const DTYPES = ['float32', 'int32', 'bool'] as const;
type Dtype = (typeof DTYPES)[number];

const shapeArb = fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.constant(0) }), {
  minLength: 1,
  maxLength: 4,
});

/** A tensor of `dtype` and `shape`; float32 values from `float` (large ones from a cheap LCG). */
function values(dtype: Dtype, shape: number[], seed: number, float: (v: number, i: number) => number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'int32') return tf.tensor(intValues(n, seed), shape, 'int32');
  if (dtype === 'bool') return tf.tensor(boolValues(n, seed), shape, 'bool');
  return tf.tensor((n > 10_000 ? lcgValues : randomValues)(n, seed).map(float), shape);
}

// Ties (values on a coarse grid), NaN first and later, ±Infinity, ±0: the cpu keeps the first
// index of the extreme, NaN never wins unless it comes first.
const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];

/** ArgMax or ArgMin (`op`: tf.argMax or tf.argMin). */
export function describeArgReduce(kernel: 'ArgMax' | 'ArgMin', op: (x: tf.Tensor, axis: number) => tf.Tensor): void {
  const problemArb = shapeArb.chain((shape) =>
    fc.record({ shape: fc.constant(shape), axis: fc.integer({ min: -shape.length, max: shape.length - 1 }), seed: seedArb }),
  );
  const input = (dtype: Dtype, shape: number[], seed: number) =>
    values(dtype, shape, seed, (v, i) => (i % 9 === 4 ? SPECIALS[(i + seed) % 5]! : Math.round(v * 4)));

  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    for (const dtype of DTYPES) {
      it(`matches the cpu backend on ${dtype} tensors of random shapes and axes`, () => {
        fc.assert(
          fc.property(problemArb, ({ shape, axis, seed }) => {
            expectNativeMatch(() => op(input(dtype, shape, seed), axis), 0, shape.every((d) => d > 0));
          }),
          { numRuns: 80 },
        );
      });
    }

    it('matches on the class axis of a detector head (1×8400×80) and on a middle axis, across threads', () => {
      expectNativeMatch(() => op(tf.tensor(lcgValues(8400 * 80, 3), [1, 8400, 80]), -1));
      expectNativeMatch(() => op(tf.tensor(lcgValues(2100 * 80, 4), [1, 2100, 80]), 1));
      expectNativeMatch(() => op(tf.tensor([Number.NaN, 1, 2, 2, 5, Number.NaN, 5, 1]), 0));
    });

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor(randomValues(2 * 7 * 7 * 33, 1), [2, 7, 7, 33]);
      await expectNoLeaks(() => op(x, -1));
      x.dispose();
    });
  });
}

export interface ScanOptions {
  /** float32 input values from the seeded values in [-1, 1) (`i` their index). */
  float: (v: number, i: number) => number;
  /** Compare tf.grad too (tfjs has no gradient for cumprod). */
  grad: boolean;
}

/**
 * Cumsum or Cumprod (`op`: tf.cumsum or tf.cumprod): float32 steps in the cpu's order (exact),
 * int32 wrapping, bool giving int32; every axis, exclusive and reverse, empty tensors.
 */
export function describeScan(
  kernel: 'Cumsum' | 'Cumprod',
  op: (x: tf.Tensor, axis: number, exclusive: boolean, reverse: boolean) => tf.Tensor,
  { float, grad }: ScanOptions,
): void {
  const problemArb = shapeArb.chain((shape) =>
    fc.record({ shape: fc.constant(shape), axis: fc.nat(shape.length - 1), exclusive: fc.boolean(), reverse: fc.boolean(), seed: seedArb }),
  );
  const input = (dtype: Dtype, shape: number[], seed: number) => values(dtype, shape, seed, float);

  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    for (const dtype of DTYPES) {
      it(`matches the cpu backend on ${dtype} tensors along any axis, exclusive and reversed`, () => {
        fc.assert(
          fc.property(problemArb, ({ shape, axis, exclusive, reverse, seed }) => {
            expectNativeMatch(() => op(input(dtype, shape, seed), axis, exclusive, reverse), 0, shape.every((d) => d > 0));
          }),
          { numRuns: 80 },
        );
      });
    }

    if (grad) {
      it('has the same gradient as the cpu backend', () => {
        fc.assert(
          fc.property(problemArb, ({ shape, axis, exclusive, reverse, seed }) => {
            const gradient = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(op(x, axis, exclusive, reverse))))(input('float32', shape, seed));
            fc.pre(cpuCanRun(gradient));
            expectNativeMatch(gradient, 1e-5, false);
          }),
          { numRuns: 30 },
        );
      });
    }

    it('matches on long rows split across threads, and on a middle axis', () => {
      expectNativeMatch(() => op(input('float32', [256, 2048], 3), 1, false, false));
      expectNativeMatch(() => op(input('float32', [8, 64, 128], 4), 1, true, true));
    });

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = input('float32', [2, 7, 7, 33], 1);
      await expectNoLeaks(() => op(x, 3, false, false));
      x.dispose();
    });
  });
}
