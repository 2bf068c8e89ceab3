import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { itBehavesLikeBinaryOp } from '../../test/kernels/binary_cases.js';
import { expectSameAsCpu, randomValues } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

describe('RealDiv', () => {
  itBehavesLikeBinaryOp({
    op: tf.div,
    // Exact: an f32 quotient rounds the same as the cpu's f64 one (53 ≥ 2·24 + 2 bits).
    tolerance: 0,
    numRuns: 100,
    forwardTitle: 'matches the cpu backend exactly on same-shape, scalar, channel-vector and general broadcasts',
    // Its division-specific cases below replace the fast-check gradient test.
    gradients: false,
    int32: [
      [7, -7],
      [2, 2],
    ],
    leakOperands: () => [tf.tensor(randomValues(1000, 3), [10, 100]), 3],
  });

  it('runs in WASM for the scalar and same-shape divisions of an optimizer update', () => {
    expectSameAsCpu(() => tf.div(tf.tensor2d(randomValues(300, 1), [30, 10]), tf.scalar(0.9)), 0);
    expectSameAsCpu(() => tf.div(tf.tensor2d(randomValues(300, 1), [30, 10]), tf.tensor2d(randomValues(300, 2), [30, 10])), 0);
  });

  it('divides by zero to ±Infinity and NaN as the cpu does', () => {
    expectMatchesCpu(() => tf.div(tf.tensor1d([1, -1, 0, 2, Number.NaN]), tf.tensor1d([0, 0, 0, Number.POSITIVE_INFINITY, 1])), 0);
  });

  it('runs an Adam step on fovea-wasm like the cpu backend', () => {
    expectSameAsCpu(() => {
      const v = tf.variable(tf.tensor2d(randomValues(64 * 9, 5), [64, 9]));
      const optimizer = tf.train.adam(0.01);
      for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(v, 0.5))) as tf.Scalar);
      const result = v.clone();
      optimizer.dispose();
      v.dispose();
      return result;
    }, 1e-6);
  });
});
