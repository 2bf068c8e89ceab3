// The shared property tests of the elementwise math kernels (Abs … Tan): against the cpu backend
// on random shapes (empty ones included) and magnitudes with NaN, ±Infinity, ±0, ±0.5 and
// integers mixed in, on float32 and, by kernel name (tfjs's ops cast or refuse some), int32 and
// bool inputs; result dtypes; tf.grad where the op has a gradient; no leaks.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { intValues } from './binary_math_cases.js';
import { expectNoLeaks, FOVEA, lcgValues, randomValues, seedArb } from './compare.js';
import { cpuCanRun, expectNativeMatch } from './matches.js';

const shapeArb = fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 7 }) }, { weight: 1, arbitrary: fc.constant(0) }), {
  minLength: 0,
  maxLength: 4,
});

const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 0.5, -0.5, 1.5, -2.5, 1, -1, 100, -100, 3e38];

export interface UnaryMathCase {
  kernel: string;
  /** tfjs's op on float32 (the kernel by name runs the int32 and bool tests). */
  op: (x: tf.Tensor) => tf.Tensor;
  /** Tolerance on float32 results (relative above magnitude 1); default 0 (exact). */
  tolerance?: number;
  /** Input dtypes besides float32 to run the kernel on by name. */
  otherDtypes?: Array<'int32' | 'bool'>;
  /** Compare tf.grad of sum(op(x)) too (on values inside the op's domain). */
  gradient?: boolean;
  /** Magnitudes of the random values; default 1, 4 and 30. */
  scales?: number[];
  /** Maps a random value to one inside the op's domain for the gradient test. */
  domain?: (v: number) => number;
  /** Only float32 inputs: tfjs's op and the kernel take no others. */
  floatOnly?: boolean;
}

export function describeUnaryMath({
  kernel, op, tolerance = 0, otherDtypes = ['int32'], gradient = true, scales = [1, 4, 30], domain = (v) => v, floatOnly = false,
}: UnaryMathCase): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });
    const byName = (x: tf.Tensor) => tf.engine().runKernel(kernel, { x }) as tf.Tensor;

    it('matches the cpu backend on random shapes and magnitudes, NaN, ±Infinity and ±0 included', () => {
      fc.assert(
        fc.property(shapeArb, seedArb, fc.constantFrom(...scales), (shape, seed, scale) => {
          const n = shape.reduce((a, b) => a * b, 1);
          const values = randomValues(n, seed).map((v, i) => (i % 6 === 2 ? SPECIALS[(i + seed) % SPECIALS.length]! : v * scale));
          expectNativeMatch(() => op(tf.tensor(values, shape)), tolerance, n > 0);
        }),
        { numRuns: 80 },
      );
    });

    it('agrees on the special values and across threads on a large input', () => {
      expectNativeMatch(() => op(tf.tensor1d(SPECIALS)), tolerance);
      const large = lcgValues(300_000, 5).map((v) => domain(v * scales[scales.length - 1]!));
      expectNativeMatch(() => op(tf.tensor(large, [300, 1000])), tolerance);
    });

    if (!floatOnly) {
      for (const dtype of otherDtypes) {
        it(`matches the cpu kernel on ${dtype} inputs (called by name)`, () => {
          fc.assert(
            fc.property(shapeArb, seedArb, (shape, seed) => {
              const n = shape.reduce((a, b) => a * b, 1);
              const values = dtype === 'int32' ? intValues(n, seed) : Uint8Array.from(randomValues(n, seed), (v) => (v > 0 ? 1 : 0));
              expectNativeMatch(() => byName(tf.tensor(values, shape, dtype)), 0, n > 0);
            }),
            { numRuns: 30 },
          );
        });
      }
    }

    if (gradient) {
      it('has the same gradient as the cpu backend', () => {
        fc.assert(
          fc.property(shapeArb, seedArb, (shape, seed) => {
            const n = shape.reduce((a, b) => a * b, 1);
            const values = randomValues(n, seed).map(domain);
            const grad = () => tf.grad((t: tf.Tensor) => tf.sum(op(t)))(tf.tensor(values, shape));
            fc.pre(cpuCanRun(grad));
            expectNativeMatch(grad, Math.max(tolerance, 1e-6), false);
          }),
          { numRuns: 20 },
        );
      });
    }

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor(randomValues(2 * 5 * 5 * 7, 1).map(domain), [2, 5, 5, 7]);
      await expectNoLeaks(() => op(x));
      x.dispose();
    });
  });
}
