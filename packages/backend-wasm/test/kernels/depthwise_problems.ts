// Random depthwise problems shared by DepthwiseConv2dNative and FusedDepthwiseConv2D tests.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { outSize, padArb, randomValues, seedArb } from './compare.js';

/** Random depthwise problems (channel multiplier 1–3, channels not a multiple of 8 included). */
export const depthwiseArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 10 }),
    width: fc.integer({ min: 1, max: 10 }),
    channels: fc.integer({ min: 1, max: 19 }),
    multiplier: fc.integer({ min: 1, max: 3 }),
    kh: fc.integer({ min: 1, max: 5 }),
    // Up to 5 wide: EfficientNet's 5×5 layers have a row kernel of their own.
    kw: fc.integer({ min: 1, max: 5 }),
    stride: fc.integer({ min: 1, max: 3 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    pad: padArb,
    seed: seedArb,
  })
  .map((p) => (p.stride > 1 ? { ...p, dilation: 1 } : p))
  .filter(
    (p) =>
      outSize(p.height, p.kh, p.stride, p.dilation, p.pad, 1) > 0 && outSize(p.width, p.kw, p.stride, p.dilation, p.pad, 2) > 0,
  );

export type DepthwiseProblem = typeof depthwiseArb extends fc.Arbitrary<infer T> ? T : never;

export function depthwiseInputs(p: DepthwiseProblem): [tf.Tensor4D, tf.Tensor4D] {
  return [
    tf.tensor4d(randomValues(p.batch * p.height * p.width * p.channels, p.seed), [p.batch, p.height, p.width, p.channels]),
    tf.tensor4d(randomValues(p.kh * p.kw * p.channels * p.multiplier, p.seed + 1), [p.kh, p.kw, p.channels, p.multiplier]),
  ];
}

