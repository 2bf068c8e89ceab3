import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { window2dInput, window2dProblemArb } from '../../test/kernels/window_cases.js';

// dy added at the winning tap in the cpu's order (float32 sums): exact, ties included.
describe('Dilation2DBackpropFilter', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend’s gradient of dilation2d with respect to filter', () => {
    fc.assert(
      fc.property(window2dProblemArb, (p) => {
        expectNativeMatch(() => {
          const filter = tf.tensor3d(randomValues(p.window[0] * p.window[1] * p.channels, p.seed + 1).map((v) => Math.round(v * 4) / 4), [...p.window, p.channels]);
          const loss = (x: tf.Tensor, f: tf.Tensor) => tf.sum(tf.square(tf.dilation2d(x as tf.Tensor4D, f as tf.Tensor3D, p.strides, p.pad, p.dilations)));
          return tf.grads(loss)([window2dInput(p, false), filter])[1]!;
        }, 0);
      }),
      { numRuns: 60 },
    );
  });
});
