// The shared property tests of the broadcasting binary kernels (Add, Sub, Multiply, RealDiv):
// forward and gradient against the cpu backend on same-shape, scalar, channel-vector and any other
// broadcasts, int32 operands, and no leaks. The defaults are Add's, Sub's and Multiply's;
// RealDiv overrides them.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, it } from 'vitest';
import { broadcastPairArb } from './binary_math_cases.js';
import { shapePairArb } from './broadcast_cases.js';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from './compare.js';
import { expectMatchesCpu, expectNativeMatch } from './matches.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const operands = ([aShape, bShape]: [number[], number[]], seed: number) =>
  [tf.tensor(randomValues(size(aShape), seed), aShape), tf.tensor(randomValues(size(bShape), seed + 1), bShape)] as const;

export interface BinaryCase {
  op: (a: tf.Tensor, b: tf.Tensor | number) => tf.Tensor;
  /** Forward tolerance (relative; absolute below magnitude 1); default 1e-7. */
  tolerance?: number;
  /** fast-check runs of the forward test; default 150. */
  numRuns?: number;
  /** Title of the forward test. */
  forwardTitle?: string;
  /** Whether to run the fast-check gradient test; default true. */
  gradients?: boolean;
  /** int32 operands for the int32 test. */
  int32?: [number[], number[]];
  /** Operands of the leak test (default: an NHWC tensor and a channel vector). */
  leakOperands?: () => [tf.Tensor, tf.Tensor | number];
}

/** Registers the shared tests inside the caller's `describe(kernel, ...)`. */
export function itBehavesLikeBinaryOp({
  op,
  tolerance = 1e-7,
  numRuns = 150,
  forwardTitle = 'matches the cpu backend on same-shape, scalar, channel-vector and any other broadcasts',
  gradients = true,
  int32 = [
    [5, -2, 7],
    [3, 4, -1],
  ],
  leakOperands = () => [tf.tensor(randomValues(2 * 6 * 6 * 9, 1), [2, 6, 6, 9]), tf.tensor(randomValues(9, 2), [9])],
}: BinaryCase): void {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it(forwardTitle, () => {
    fc.assert(
      fc.property(fc.oneof(shapePairArb, broadcastPairArb), seedArb, (shapes, seed) => {
        expectMatchesCpu(() => {
          const [a, b] = operands(shapes, seed);
          return op(a, b);
        }, tolerance);
      }),
      { numRuns },
    );
  });

  if (gradients) {
    it('has the same gradients as the cpu backend (broadcast gradients reduce with our Sum)', () => {
      fc.assert(
        fc.property(shapePairArb, seedArb, (shapes, seed) => {
          expectMatchesCpu(() => {
            const [a, b] = operands(shapes, seed);
            const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(op(x, y)));
            return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([a, b]);
          }, 1e-5);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('matches the cpu kernel on int32 operands', () => {
    expectNativeMatch(() => op(tf.tensor1d(int32[0], 'int32'), tf.tensor1d(int32[1], 'int32')));
    expectNativeMatch(() => op(tf.tensor2d([2 ** 30, -7, 5, 2 ** 31 - 1], [2, 2], 'int32'), tf.tensor1d([2 ** 29 + 3, -3], 'int32')));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const [a, b] = leakOperands();
    await expectNoLeaks(() => op(a, b));
    tf.dispose(typeof b === 'number' ? [a] : [a, b]);
  });
}
