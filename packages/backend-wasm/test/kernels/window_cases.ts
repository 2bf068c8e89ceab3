// Problem generators shared by the test files of the rarer windowed kernels (LRN, the 3-D
// convolutions and pools, MaxPoolWithArgmax, Dilation2D): small random geometries that still
// reach padding, strides and dilations; and the 3-D pools' shared tests.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from './compare.js';
import { expectNativeMatch } from './matches.js';

export const lrnProblemArb = fc.record({
  shape: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 12 })),
  depthRadius: fc.integer({ min: 0, max: 4 }),
  bias: fc.constantFrom(0.5, 1, 2),
  alpha: fc.constantFrom(1e-4, 0.1, 1),
  beta: fc.constantFrom(0.25, 0.5, 0.75, 1),
  seed: seedArb,
});

const triple = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.integer({ min, max }));

/** NDHWC input, a window (filter) of 1–3 per axis, strides or dilations (tfjs allows one of them > 1). */
export const volumeProblemArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    size: triple(1, 6),
    inChannels: fc.integer({ min: 1, max: 5 }),
    outChannels: fc.integer({ min: 1, max: 9 }),
    window: triple(1, 3),
    strides: triple(1, 2),
    dilations: triple(1, 2),
    useDilations: fc.boolean(),
    pad: fc.constantFrom('same' as const, 'valid' as const),
    seed: seedArb,
  })
  .map((p) => ({ ...p, strides: p.useDilations ? ([1, 1, 1] as [number, number, number]) : p.strides, dilations: p.useDilations ? p.dilations : ([1, 1, 1] as [number, number, number]) }))
  .filter((p) => p.pad === 'same' || p.size.every((s, i) => s >= (p.window[i]! - 1) * p.dilations[i]! + 1));

/** NHWC input and a 2-D window with strides or dilations (one of them 1), 'same' or 'valid'. */
export const window2dProblemArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 8 }),
    width: fc.integer({ min: 1, max: 8 }),
    channels: fc.integer({ min: 1, max: 9 }),
    window: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    dilations: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    useDilations: fc.boolean(),
    pad: fc.constantFrom('same' as const, 'valid' as const),
    seed: seedArb,
  })
  .map((p) => ({ ...p, strides: p.useDilations ? ([1, 1] as [number, number]) : p.strides, dilations: p.useDilations ? p.dilations : ([1, 1] as [number, number]) }))
  .filter((p) => p.pad === 'same' || (p.height >= (p.window[0] - 1) * p.dilations[0] + 1 && p.width >= (p.window[1] - 1) * p.dilations[1] + 1));

export type VolumeProblem = typeof volumeProblemArb extends fc.Arbitrary<infer P> ? P : never;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** x [batch, d, h, w, Cin] and filter [window, Cin, Cout] of a volume problem. */
export function conv3dOperands({ batch, size: dims, inChannels, outChannels, window, seed }: VolumeProblem): [tf.Tensor5D, tf.Tensor5D] {
  const xShape = [batch, ...dims, inChannels] as [number, number, number, number, number];
  const fShape = [...window, inChannels, outChannels] as [number, number, number, number, number];
  return [tf.tensor5d(randomValues(size(xShape), seed), xShape), tf.tensor5d(randomValues(size(fShape), seed + 1), fShape)];
}

export type Window2DProblem = typeof window2dProblemArb extends fc.Arbitrary<infer P> ? P : never;

/** x [batch, h, w, C] of a 2-D window problem, values on a coarse grid (ties) with a few NaNs. */
export function window2dInput({ batch, height, width, channels, seed }: Window2DProblem, nan = true): tf.Tensor4D {
  const shape = [batch, height, width, channels] as [number, number, number, number];
  return tf.tensor4d(randomValues(size(shape), seed).map((v, i) => (nan && i % 17 === 9 ? Number.NaN : Math.round(v * 8) / 4)), shape);
}

type Pool3D = (x: tf.Tensor5D, window: [number, number, number], strides: [number, number, number], pad: 'same' | 'valid') => tf.Tensor5D;

/** MaxPool3D or AvgPool3D (`op`: tf.maxPool3d or tf.avgPool3d): the cpu's arithmetic per output, NaN and ties in the input (exact). */
export function describePool3D(kernel: 'MaxPool3D' | 'AvgPool3D', op: Pool3D): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    it('matches the cpu backend on random shapes, windows, strides and paddings, NaN and ties included', () => {
      fc.assert(
        fc.property(volumeProblemArb.filter((p) => !p.useDilations), ({ batch, size, inChannels, window, strides, pad, seed }) => {
          const shape = [batch, ...size, inChannels] as [number, number, number, number, number];
          const values = randomValues(shape.reduce((a, b) => a * b), seed).map((v, i) => (i % 13 === 7 ? Number.NaN : Math.round(v * 8) / 4));
          expectNativeMatch(() => op(tf.tensor5d(values, shape), window, strides, pad), 0);
        }),
        { numRuns: 60 },
      );
    });

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const x = tf.tensor5d(randomValues(2 * 4 * 6 * 6 * 8, 1), [2, 4, 6, 6, 8]);
      await expectNoLeaks(() => op(x, [2, 2, 2], [2, 2, 2], 'same'));
      x.dispose();
    });
  });
}

/** MaxPool3DGrad or AvgPool3DGrad, through tf.grad of `op` (f64 gathers in the cpu's order: exact). */
export function describePool3DGrad(kernel: 'MaxPool3DGrad' | 'AvgPool3DGrad', op: Pool3D): void {
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    it(`matches the cpu backend’s gradient on random geometries, ties included`, () => {
      fc.assert(
        fc.property(volumeProblemArb.filter((p) => !p.useDilations), ({ batch, size, inChannels, window, strides, pad, seed }) => {
          const shape = [batch, ...size, inChannels] as [number, number, number, number, number];
          const values = randomValues(shape.reduce((a, b) => a * b), seed).map((v) => Math.round(v * 8) / 4);
          expectNativeMatch(() => {
            const x = tf.tensor5d(values, shape);
            return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t as tf.Tensor5D, window, strides, pad), 1.5)))(x);
          }, 0);
        }),
        { numRuns: 50 },
      );
    });
  });
}
