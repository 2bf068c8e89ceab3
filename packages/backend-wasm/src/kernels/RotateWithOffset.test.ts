import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('RotateWithOffset', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend on float32 and int32 images, any angle, centre and fill', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom(1, 3, 4),
        fc.double({ min: -7, max: 7, noNaN: true }), fc.boolean(), fc.boolean(), fc.boolean(), seedArb,
        (batch, h, w, c, radians, int32, perChannel, offCentre, seed) => {
          const values = randomValues(batch * h * w * c, seed).map((v) => (int32 ? Math.round(v * 255) : v));
          const fillValue: number | [number, number, number] = perChannel ? [10, 20, 30] : 0.5;
          const center: number | [number, number] = offCentre ? [0.25, 0.7] : 0.5;
          // tfjs's op takes float32 only; int32 images (uint8 pixels) reach the kernel by name.
          expectNativeMatch(() => {
            const image = tf.tensor4d(values, [batch, h, w, c], int32 ? 'int32' : 'float32');
            return tf.engine().runKernel('RotateWithOffset', { image }, { radians, fillValue, center }) as tf.Tensor;
          }, 0);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 16 * 16 * 3, 1), [2, 16, 16, 3]);
    await expectNoLeaks(() => tf.image.rotateWithOffset(x, 0.3));
    x.dispose();
  });
});
