// The shared property tests of the elementwise activation kernels: forward and tf.grad against
// the cpu backend on random shapes (sizes that exercise the 4-wide loop and its scalar tail),
// including NaN, ±Infinity and large magnitudes; an int32 fallback where tfjs allows one; no leaks.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn, seedArb } from './compare.js';
import { expectMatchesCpu } from './matches.js';

export interface UnaryCase {
  kernel: string;
  op: (x: tf.Tensor) => tf.Tensor;
  /** Relative tolerance (absolute below magnitude 1). */
  tolerance: number;
  /** Whether tfjs's op accepts int32 input (then our kernel must hand it to the cpu). */
  int32?: boolean;
}

export const shapeArb = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 0, maxLength: 4 });

export function describeUnary({ kernel, op, tolerance, int32 }: UnaryCase): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    it('matches the cpu backend on random shapes and magnitudes', () => {
      fc.assert(
        fc.property(shapeArb, seedArb, fc.constantFrom(1, 4, 30), (shape, seed, scale) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const values = randomValues(size, seed).map((v) => v * scale);
          expectMatchesCpu(() => op(tf.tensor(values, shape)), tolerance);
        }),
        { numRuns: 100 },
      );
    });

    it('has the same gradient as the cpu backend', () => {
      fc.assert(
        fc.property(shapeArb, seedArb, (shape, seed) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const x = () => tf.tensor(randomValues(size, seed).map((v) => v * 4), shape);
          const weights = () => tf.tensor(randomValues(size, seed + 1), shape);
          // The cpu's gradient kernels run in float64 on our float32 forward values: allow 1e-5.
          expectMatchesCpu(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t), weights())))(x()), Math.max(tolerance, 1e-5));
        }),
        { numRuns: 40 },
      );
    });

    it('agrees with the cpu on NaN, ±Infinity, ±0 and extremes', () => {
      const special = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1e-7, -1e-7, 88, -88, 100, -100, 3.4e38, -3.4e38];
      expectMatchesCpu(() => op(tf.tensor1d(special)), tolerance);
    });

    if (int32) {
      it('falls back to the cpu kernel for int32', () => {
        const [ours] = runOn(FOVEA, () => op(tf.tensor1d([-3, 0, 7], 'int32')));
        const [reference] = runOn('cpu', () => op(tf.tensor1d([-3, 0, 7], 'int32')));
        expect(Array.from(ours!)).toEqual(Array.from(reference!));
      });
    }

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor(randomValues(2 * 5 * 5 * 7, 1), [2, 5, 5, 7]);
      await expectNoLeaks(() => op(x));
      x.dispose();
    });
  });
}
