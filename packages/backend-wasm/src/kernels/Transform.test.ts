import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

const affine = (seed: number) => {
  const [a, b, c, d, e, f, g, h] = randomValues(8, seed);
  return [1 + a! * 0.5, b! * 0.5, c! * 3, d! * 0.5, 1 + e! * 0.5, f! * 3, g! * 0.02, h! * 0.02];
};

describe('Transform', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  // One image: for more, tfjs's cpu kernel returns after the first (the others stay at the fill value).
  it('matches the cpu backend: nearest and bilinear, every fill mode, other output sizes, int32 images', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }), fc.constantFrom<'nearest' | 'bilinear'>('nearest', 'bilinear'),
        fc.constantFrom<'constant' | 'reflect' | 'wrap' | 'nearest'>('constant', 'reflect', 'wrap', 'nearest'), fc.boolean(), seedArb,
        (h, w, c, outH, outW, interpolation, fillMode, int32, seed) => {
          const values = randomValues(h * w * c, seed).map((v) => (int32 ? Math.round(v * 255) : v));
          expectNativeMatch(() => {
            // tfjs's op takes float32 only; int32 images reach the kernel by name.
            const image = tf.tensor4d(values, [1, h, w, c], int32 ? 'int32' : 'float32');
            const transforms = tf.tensor2d(affine(seed), [1, 8]);
            return tf.engine().runKernel('Transform', { image, transforms }, { interpolation, fillMode, fillValue: 0.25, outputShape: [outH, outW] }) as tf.Tensor;
          }, 0);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('transforms every image of a batch (each as the cpu transforms a batch of one)', async () => {
    await tf.setBackend(FOVEA);
    const images = tf.tensor4d(randomValues(3 * 6 * 7 * 2, 4), [3, 6, 7, 2]);
    const transforms = tf.tensor2d([...affine(1), ...affine(2), ...affine(3)], [3, 8]);
    const whole = tf.image.transform(images, transforms, 'bilinear', 'reflect').dataSync();
    const parts = [0, 1, 2].map((b) =>
      Array.from(tf.image.transform(tf.slice(images, [b, 0, 0, 0], [1, 6, 7, 2]), tf.slice(transforms, [b, 0], [1, 8]), 'bilinear', 'reflect').dataSync()),
    );
    expect(Array.from(whole)).toEqual(parts.flat());
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 16 * 16 * 3, 1), [2, 16, 16, 3]);
    const t = tf.tensor2d(affine(5), [1, 8]);
    await expectNoLeaks(() => tf.image.transform(x, t, 'bilinear'));
    tf.dispose([x, t]);
  });
});
