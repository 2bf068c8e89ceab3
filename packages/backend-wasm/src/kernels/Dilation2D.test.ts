import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { window2dInput, window2dProblemArb } from '../../test/kernels/window_cases.js';

// Sums compared in f64, the first of equal values winning, as the cpu: exact.
describe('Dilation2D', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on random shapes, windows, strides, dilations and paddings', () => {
    fc.assert(
      fc.property(window2dProblemArb, (p) => {
        expectNativeMatch(() => {
          const filter = tf.tensor3d(randomValues(p.window[0] * p.window[1] * p.channels, p.seed + 1).map((v) => Math.round(v * 4) / 4), [...p.window, p.channels]);
          return tf.dilation2d(window2dInput(p, false), filter, p.strides, p.pad, p.dilations);
        }, 0);
      }),
      { numRuns: 80 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 8 * 8 * 4, 1), [2, 8, 8, 4]);
    const f = tf.tensor3d(randomValues(3 * 3 * 4, 2), [3, 3, 4]);
    await expectNoLeaks(() => tf.dilation2d(x, f, 1, 'same'));
    tf.dispose([x, f]);
  });
});
