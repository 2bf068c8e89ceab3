import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { volumeProblemArb } from '../../test/kernels/window_cases.js';

// f64 gathers in the cpu's order: exact.
describe('MaxPool3DGrad', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend’s gradient of maxPool3d on random geometries, ties included', () => {
    fc.assert(
      fc.property(volumeProblemArb.filter((p) => !p.useDilations), ({ batch, size, inChannels, window, strides, pad, seed }) => {
        const shape = [batch, ...size, inChannels] as [number, number, number, number, number];
        const values = randomValues(shape.reduce((a, b) => a * b), seed).map((v) => Math.round(v * 8) / 4);
        expectNativeMatch(() => {
          const x = tf.tensor5d(values, shape);
          return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool3d(t as tf.Tensor5D, window, strides, pad), 1.5)))(x);
        }, 0);
      }),
      { numRuns: 50 },
    );
  });
});
