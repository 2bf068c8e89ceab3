import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { window2dInput, window2dProblemArb } from '../../test/kernels/window_cases.js';

describe('MaxPoolWithArgmax', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend’s values and indices (ties, NaN, with and without the batch in the index)', () => {
    fc.assert(
      fc.property(window2dProblemArb.filter((p) => !p.useDilations), fc.boolean(), (p, includeBatch) => {
        expectNativeMatch(() => {
          const { result, indexes } = tf.maxPoolWithArgmax(window2dInput(p), p.window, p.strides, p.pad, includeBatch);
          return [result!, indexes!];
        }, 0);
      }),
      { numRuns: 80 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = window2dInput({ batch: 2, height: 8, width: 8, channels: 6, seed: 3 } as never, false);
    await expectNoLeaks(() => tf.tidy(() => tf.maxPoolWithArgmax(x, 2, 2, 'same').result!));
    x.dispose();
  });
});
