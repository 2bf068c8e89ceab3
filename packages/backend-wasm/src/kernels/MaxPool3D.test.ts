import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { volumeProblemArb } from '../../test/kernels/window_cases.js';

// The cpu's arithmetic per output (NaN and ties in the input): exact.
describe('MaxPool3D', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on random shapes, windows, strides and paddings, NaN and ties included', () => {
    fc.assert(
      fc.property(volumeProblemArb.filter((p) => !p.useDilations), ({ batch, size, inChannels, window, strides, pad, seed }) => {
        const shape = [batch, ...size, inChannels] as [number, number, number, number, number];
        const values = randomValues(shape.reduce((a, b) => a * b), seed).map((v, i) => (i % 13 === 7 ? Number.NaN : Math.round(v * 8) / 4));
        expectNativeMatch(() => tf.maxPool3d(tf.tensor5d(values, shape), window, strides, pad), 0);
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor5d(randomValues(2 * 4 * 6 * 6 * 8, 1), [2, 4, 6, 6, 8]);
    await expectNoLeaks(() => tf.maxPool3d(x, 2, 2, 'same'));
    x.dispose();
  });
});
