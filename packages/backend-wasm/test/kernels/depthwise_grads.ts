// The depthwise conv gradients both DepthwiseConv2dNativeBackprop* tests compare with the cpu's.
import * as tf from '@tensorflow/tfjs-core';
import { randomValues } from './compare.js';
import { type DepthwiseProblem, depthwiseInputs } from './depthwise_problems.js';

/** d/dx and d/dfilter of sum(depthwiseConv2d(x, filter) · w) for a fixed random w. */
export function depthwiseGrads(p: DepthwiseProblem): tf.Tensor[] {
  const [x, filter] = depthwiseInputs(p);
  const conv = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.depthwiseConv2d(xs, fs, p.stride, p.pad);
  const w = tf.tensor(randomValues(conv(x, filter).size, p.seed + 2));
  const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.mul(conv(xs, fs).flatten(), w));
  return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
}
