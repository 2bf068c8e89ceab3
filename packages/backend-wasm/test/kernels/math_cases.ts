// The shared tests of the exact elementwise math kernels (Sqrt, Square): bit-exact against the
// cpu backend on random shapes with negative, zero, NaN and infinite values; the gradient runs in
// WASM; an optional int32 fallback; no leaks.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn, seedArb } from './compare.js';
import { expectMatchesCpu } from './matches.js';

const shapeArb = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 0, maxLength: 4 });

export interface ExactUnaryCase {
  kernel: string;
  op: (x: tf.Tensor) => tf.Tensor;
  /** int32 input for the cpu-fallback test, where tfjs's op accepts int32. */
  int32?: number[];
}

export function describeExactUnary({ kernel, op, int32 }: ExactUnaryCase): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    it('matches the cpu backend exactly on random shapes (negative, zero, NaN and infinite values included)', () => {
      fc.assert(
        fc.property(shapeArb, seedArb, (shape, seed) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const specials = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1e30];
          const values = randomValues(size, seed).map((v, i) => (i % 5 === 3 ? specials[(i / 5) % 5 | 0]! : v * 10));
          expectMatchesCpu(() => op(tf.tensor(values, shape)), 0);
        }),
        { numRuns: 60 },
      );
    });

    it('runs in WASM and has the same gradient as the cpu backend', () => {
      expectSameAsCpu(() => tf.grad((x: tf.Tensor) => tf.sum(op(x)))(tf.tensor2d(randomValues(60, 4).map(Math.abs), [6, 10])), 1e-6);
    });

    if (int32) {
      it('falls back to the cpu kernel for int32', () => {
        const [ours] = runOn(FOVEA, () => op(tf.tensor1d(int32, 'int32')));
        expect(Array.from(ours!)).toEqual(Array.from(runOn('cpu', () => op(tf.tensor1d(int32, 'int32')))[0]!));
      });
    }

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor(randomValues(1000, 3).map(Math.abs), [10, 100]);
      await expectNoLeaks(() => op(x));
      x.dispose();
    });
  });
}
