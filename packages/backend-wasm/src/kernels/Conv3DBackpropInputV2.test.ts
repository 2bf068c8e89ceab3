import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { conv3dOperands, volumeProblemArb } from '../../test/kernels/window_cases.js';

// f64 sums in the cpu's order: exact. tfjs's conv3d gradient takes unit dilations.
describe('Conv3DBackpropInputV2', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend’s gradient of conv3d with respect to x on random geometries', () => {
    fc.assert(
      fc.property(volumeProblemArb.filter((p) => !p.useDilations), (p) => {
        expectNativeMatch(() => {
          const [x, f] = conv3dOperands(p);
          const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv3d(a as tf.Tensor5D, b as tf.Tensor5D, p.strides, p.pad)));
          return tf.grads(loss)([x, f])[0]!;
        }, 0);
      }),
      { numRuns: 50 },
    );
  });
});
