// The shared property tests of the reduction kernels (Sum, Mean, Max, Min, Prod, All, Any): any
// axis set (contiguous runs, arbitrary subsets, negative axes, none, all), keepDims, empty
// tensors, the global pooling and depth-wise max pooling patterns, float32 with NaN and
// ±Infinity, int32 and bool inputs where the op takes them, result dtypes, forward and tf.grad,
// against the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { boolValues, intValues } from './binary_math_cases.js';
import { expectNoLeaks, FOVEA, lcgValues, randomValues, seedArb } from './compare.js';
import { cpuCanRun, expectNativeMatch } from './matches.js';

type Reduce = (x: tf.Tensor, axis: number[] | undefined, keepDims: boolean) => tf.Tensor;
type Dtype = 'float32' | 'int32' | 'bool';

export const reductionProblemArb = fc
  .array(fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.constant(0) }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axes: fc.oneof(
        // A contiguous run [first, first + length), sometimes written with negative axes.
        fc
          .tuple(fc.nat(shape.length - 1), fc.nat(shape.length - 1), fc.boolean())
          .map(([first, len, negative]) => {
            const run = Array.from({ length: Math.min(len + 1, shape.length - first) }, (_, i) => first + i);
            return negative ? run.map((a) => a - shape.length) : run;
          }),
        fc.subarray(shape.map((_, i) => i), { minLength: 0 }),
        fc.constant(undefined),
      ),
      keepDims: fc.boolean(),
      seed: seedArb,
    }),
  );

export interface ReductionOptions {
  /** Input dtypes; default float32 only. */
  dtypes?: Dtype[];
  /** Compare tf.grad too (float32); default true. */
  gradient?: boolean;
}

function values(dtype: Dtype, shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'int32') return tf.tensor(intValues(n, seed).map((v) => (Math.abs(v) > 100 ? v % 7 : v)), shape, 'int32');
  if (dtype === 'bool') return tf.tensor(boolValues(n, seed).map((v, i) => (i % 5 === 0 ? 1 : v)), shape, 'bool');
  return tf.tensor((n > 10_000 ? lcgValues : randomValues)(n, seed).map((v) => v * 3), shape);
}

export function describeReduction(kernel: string, reduce: Reduce, tolerance: number, { dtypes = ['float32'], gradient = true }: ReductionOptions = {}): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    for (const dtype of dtypes) {
      it(`matches the cpu backend on ${dtype} tensors of random shapes, axes and keepDims`, () => {
        fc.assert(
          fc.property(reductionProblemArb, ({ shape, axes, keepDims, seed }) => {
            expectNativeMatch(() => reduce(values(dtype, shape, seed), axes, keepDims), tolerance, shape.every((d) => d > 0));
          }),
          { numRuns: 100 },
        );
      });
    }

    if (gradient && dtypes.includes('float32')) {
      it('has the same gradient as the cpu backend', () => {
        fc.assert(
          fc.property(reductionProblemArb, ({ shape, axes, keepDims, seed }) => {
            const grad = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(reduce(x, axes, keepDims))))(values('float32', shape, seed));
            fc.pre(cpuCanRun(grad));
            expectNativeMatch(grad, Math.max(tolerance, 1e-5), false);
          }),
          { numRuns: 40 },
        );
      });
    }

    const dtype = dtypes[0]!;
    it('matches on global pooling (H,W of NHWC), depth-wise pooling, long rows and strided axis sets', () => {
      expectNativeMatch(() => reduce(values(dtype, [2, 14, 14, 67], 3), [1, 2], false), tolerance);
      expectNativeMatch(() => reduce(values(dtype, [2, 7, 7, 64], 4), [1, 2], true), tolerance);
      expectNativeMatch(() => reduce(tf.reshape(values(dtype, [1, 6, 6, 24], 5), [1, 6, 6, 8, 3]), [4], false), tolerance);
      expectNativeMatch(() => reduce(values(dtype, [3, 1000], 6), [1], false), tolerance);
      expectNativeMatch(() => reduce(values(dtype, [4, 5, 6, 7, 3], 7), [0, 2, 4], false), tolerance);
      expectNativeMatch(() => reduce(values(dtype, [300, 40, 30], 8), [1], false), tolerance);
    });

    if (dtype === 'float32') {
      it('agrees with the cpu on NaN and ±Infinity', () => {
        const v = [1, Number.NaN, 3, 4, Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY, 0, 5, 6, 7, 8];
        expectNativeMatch(() => reduce(tf.tensor(v, [3, 4]), [1], false), tolerance);
        expectNativeMatch(() => reduce(tf.tensor(v, [3, 4]), [0], false), tolerance);
        expectNativeMatch(() => reduce(tf.tensor(v, [2, 3, 2]), [0, 2], false), tolerance);
      });
    }

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = values(dtype, [2, 7, 7, 33], 1);
      await expectNoLeaks(() => reduce(x, [1, 2], false));
      x.dispose();
    });
  });
}
