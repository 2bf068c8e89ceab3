// The shared property tests of the reduction kernels (Sum, Mean, Max): contiguous axis runs
// (our kernel), arbitrary axis sets (the cpu fallback), negative axes, keepDims, the global
// pooling and depth-wise max pooling patterns, forward and tf.grad, against the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from './compare.js';
import { expectMatchesCpu } from './matches.js';

type Reduce = (x: tf.Tensor, axis: number[] | undefined, keepDims: boolean) => tf.Tensor;

const problemArb = fc
  .array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 })
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
        fc.subarray(shape.map((_, i) => i), { minLength: 1 }),
        fc.constant(undefined),
      ),
      keepDims: fc.boolean(),
      seed: seedArb,
    }),
  );

export function describeReduction(kernel: string, reduce: Reduce, tolerance: number): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    const input = (shape: number[], seed: number) =>
      tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), seed).map((v) => v * 3), shape);

    it('matches the cpu backend on random shapes, axes and keepDims', () => {
      fc.assert(
        fc.property(problemArb, ({ shape, axes, keepDims, seed }) => {
          expectMatchesCpu(() => reduce(input(shape, seed), axes, keepDims), tolerance);
        }),
        { numRuns: 150 },
      );
    });

    it('has the same gradient as the cpu backend', () => {
      fc.assert(
        fc.property(problemArb, ({ shape, axes, keepDims, seed }) => {
          expectMatchesCpu(
            () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(reduce(x, axes, keepDims))))(input(shape, seed)),
            Math.max(tolerance, 1e-5),
          );
        }),
        { numRuns: 50 },
      );
    });

    it('matches on global pooling (H,W of NHWC) and depth-wise max pooling (channel groups)', () => {
      expectMatchesCpu(() => reduce(input([2, 14, 14, 67], 3), [1, 2], false), tolerance);
      expectMatchesCpu(() => reduce(input([2, 7, 7, 64], 4), [1, 2], true), tolerance);
      expectMatchesCpu(() => reduce(tf.reshape(input([1, 6, 6, 24], 5), [1, 6, 6, 8, 3]), [4], false), tolerance);
      expectMatchesCpu(() => reduce(input([3, 1000], 6), [1], false), tolerance);
    });

    it('agrees with the cpu on NaN and ±Infinity', () => {
      const values = [1, Number.NaN, 3, 4, Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY, 0, 5, 6, 7, 8];
      expectMatchesCpu(() => reduce(tf.tensor(values, [3, 4]), [1], false), tolerance);
      expectMatchesCpu(() => reduce(tf.tensor(values, [3, 4]), [0], false), tolerance);
    });

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor(randomValues(2 * 7 * 7 * 33, 1), [2, 7, 7, 33]);
      await expectNoLeaks(() => reduce(x, [1, 2], false));
      x.dispose();
    });
  });
}
