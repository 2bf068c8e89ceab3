// The shared property tests of the image resize kernels (ResizeBilinear, ResizeNearestNeighbor):
// forward and gradient against the cpu backend on random sizes (up and down), alignCorners and
// halfPixelCenters; an int32 fallback; no leaks.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn, seedArb } from './compare.js';
import { cpuCanRun, expectMatchesCpu } from './matches.js';

/** The random NHWC image of a resize problem (ResizeBilinearGrad's test extends it). */
export const imageFields = {
  batch: fc.integer({ min: 1, max: 2 }),
  height: fc.integer({ min: 1, max: 9 }),
  width: fc.integer({ min: 1, max: 9 }),
  channels: fc.integer({ min: 1, max: 11 }),
  seed: seedArb,
};

const problemArb = fc.record({
  ...imageFields,
  size: fc.tuple(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 13 })),
  // tfjs rejects alignCorners together with halfPixelCenters.
  mode: fc.constantFrom('plain', 'alignCorners', 'halfPixelCenters'),
});

export type ResizeProblem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

type ResizeOp = (x: tf.Tensor4D, size: [number, number], alignCorners: boolean, halfPixelCenters: boolean) => tf.Tensor4D;

export interface ResizeCase {
  kernel: string;
  op: ResizeOp;
  /** Forward and gradient tolerances (relative; absolute below magnitude 1). */
  tolerance: number;
  gradientTolerance: number;
  /** Problems the gradient test leaves out, for a reason given at the call site. */
  gradientProblem?: (p: ResizeProblem) => boolean;
  /** Skip the problems on which tfjs's cpu gradient itself throws. */
  skipWhereCpuThrows?: boolean;
}

export function describeResize({ kernel, op, tolerance, gradientTolerance, gradientProblem, skipWhereCpuThrows }: ResizeCase): void {
  const image = (p: ResizeProblem) => {
    const shape: [number, number, number, number] = [p.batch, p.height, p.width, p.channels];
    return tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), p.seed), shape);
  };
  const resize = (p: ResizeProblem, x: tf.Tensor4D) => op(x, p.size, p.mode === 'alignCorners', p.mode === 'halfPixelCenters');

  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    it('matches the cpu backend on random sizes (up and down), alignCorners and halfPixelCenters', () => {
      fc.assert(
        fc.property(problemArb, (p) => expectMatchesCpu(() => resize(p, image(p)), tolerance)),
        { numRuns: 150 },
      );
    });

    it('has the same gradient as the cpu backend', () => {
      fc.assert(
        fc.property(gradientProblem ? problemArb.filter(gradientProblem) : problemArb, (p) => {
          const gradient = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(resize(p, x as tf.Tensor4D))))(image(p));
          if (skipWhereCpuThrows) fc.pre(cpuCanRun(gradient));
          expectMatchesCpu(gradient, gradientTolerance);
        }),
        { numRuns: 40 },
      );
    });

    it('falls back to the cpu kernel for int32 images', () => {
      const x = () => tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1], 'int32');
      const [ours] = runOn(FOVEA, () => op(x(), [3, 3], false, false));
      const [reference] = runOn('cpu', () => op(x(), [3, 3], false, false));
      expect(Array.from(ours!)).toEqual(Array.from(reference!));
    });

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor4d(randomValues(2 * 8 * 8 * 6, 1), [2, 8, 8, 6]);
      await expectNoLeaks(() => op(x, [13, 5], false, false));
      x.dispose();
    });
  });
}
