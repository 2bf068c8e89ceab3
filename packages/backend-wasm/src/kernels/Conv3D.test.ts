import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { conv3dOperands, volumeProblemArb } from '../../test/kernels/window_cases.js';

// The cpu's float32 accumulation order, each step rounded once: exact.
describe('Conv3D', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend exactly on random shapes, windows, strides, dilations and paddings', () => {
    fc.assert(
      fc.property(volumeProblemArb, (p) => {
        expectNativeMatch(() => {
          const [x, f] = conv3dOperands(p);
          return tf.conv3d(x, f, p.strides, p.pad, 'NDHWC', p.dilations);
        }, 0);
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor5d(randomValues(2 * 4 * 5 * 5 * 3, 1), [2, 4, 5, 5, 3]);
    const f = tf.tensor5d(randomValues(3 * 3 * 3 * 3 * 8, 2), [3, 3, 3, 3, 8]);
    await expectNoLeaks(() => tf.conv3d(x, f, 1, 'same'));
    tf.dispose([x, f]);
  });
});
