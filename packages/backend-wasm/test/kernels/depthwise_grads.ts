// The depthwise conv gradients both DepthwiseConv2dNativeBackprop* tests compare with the cpu's,
// and the tests themselves.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from './compare.js';
import { type DepthwiseProblem, depthwiseArb, depthwiseInputs } from './depthwise_problems.js';

/** d/dx and d/dfilter of sum(depthwiseConv2d(x, filter) · w) for a fixed random w. */
export function depthwiseGrads(p: DepthwiseProblem): tf.Tensor[] {
  const [x, filter] = depthwiseInputs(p);
  const conv = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.depthwiseConv2d(xs, fs, p.stride, p.pad);
  const w = tf.tensor(randomValues(conv(x, filter).size, p.seed + 2));
  const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.mul(conv(xs, fs).flatten(), w));
  return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
}

/** The inputs and attributes of a direct stride-2, 'same' call of the depthwise gradient kernel `wrt`. */
function backpropCall(
  wrt: 'Input' | 'Filter',
  xShape: tf.ShapeMap['R4'],
  dyShape: tf.ShapeMap['R4'],
  filterShape: tf.ShapeMap['R4'],
): { inputs: tf.NamedTensorMap; attrs: object } {
  const random = (shape: tf.ShapeMap['R4'], seed: number) => tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), seed), shape);
  const attrs = { strides: 2, dilations: 1, pad: 'same' };
  return wrt === 'Input'
    ? { inputs: { dy: random(dyShape, 1), filter: random(filterShape, 2) }, attrs: { ...attrs, inputShape: xShape } }
    : { inputs: { x: random(xShape, 1), dy: random(dyShape, 2) }, attrs: { ...attrs, filterShape } };
}

/** The shared tests of DepthwiseConv2dNativeBackpropInput and DepthwiseConv2dNativeBackpropFilter. */
export function describeDepthwiseGrad(wrt: 'Input' | 'Filter'): void {
  const kernel = `DepthwiseConv2dNativeBackprop${wrt}`;
  const run = ({ inputs, attrs }: { inputs: tf.NamedTensorMap; attrs: object }) =>
    tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    it(`matches the cpu backend's ${wrt.toLowerCase()} gradient on random shapes, multipliers, strides and paddings`, () => {
      fc.assert(
        // tfjs's depthwise gradient supports unit dilations only.
        fc.property(
          depthwiseArb.filter((p) => p.dilation === 1),
          (p) => expectSameAsCpu(() => depthwiseGrads(p)[wrt === 'Input' ? 0 : 1]!, 1e-4),
        ),
        { numRuns: 60 },
      );
    });

    it('runs in WASM when called directly (stride 2, multiplier 3)', () => {
      expectSameAsCpu(() => run(backpropCall(wrt, [2, 9, 9, 5], [2, 5, 5, 15], [3, 3, 5, 3])), 1e-4);
    });

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const call = backpropCall(wrt, [2, 10, 10, 6], [2, 5, 5, 12], [3, 3, 6, 2]);
      await expectNoLeaks(() => run(call));
      tf.dispose(Object.values(call.inputs));
    });
  });
}
