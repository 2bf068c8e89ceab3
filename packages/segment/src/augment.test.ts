import { seededRandom, tf } from '@foveajs/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { augmentSample } from './augment.js';
import { maxAbsDiff, useFoveaBackend } from './test_support.js';

beforeAll(useFoveaBackend);

/** An image whose red channel encodes the pixel's label ×10, and the labels 0..5 in blocks. */
function sample(height: number, width: number) {
  const mask = new Int32Array(height * width);
  const image = new Float32Array(height * width * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const label = (Math.floor(y / 3) + Math.floor(x / 4)) % 6;
      mask[y * width + x] = label;
      image.set([label * 10, x, y], (y * width + x) * 3);
    }
  }
  return { image, mask, height, width };
}

describe('augmentSample', () => {
  test('property: labels are resampled, never interpolated; image and mask move together', () => {
    const options = fc.record({
      seed: fc.integer({ min: 1, max: 1e6 }),
      crop: fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })),
      scale: fc.tuple(fc.double({ min: 0.3, max: 1, noNaN: true }), fc.double({ min: 1, max: 2.5, noNaN: true })),
    });
    fc.assert(
      fc.property(options, ({ seed, crop, scale }) => {
        const source = sample(23, 31);
        const out = augmentSample(source, seededRandom(seed), { cropSize: crop, scale });
        expect(out.image.length).toBe(crop[0] * crop[1] * 3);
        for (let i = 0; i < out.mask.length; i++) {
          const label = out.mask[i]!;
          // Only the source's labels or the ignore index (outside the scaled image).
          expect(label === 255 || (label >= 0 && label < 6)).toBe(true);
          if (label === 255) expect(out.image[i * 3]).toBe(127.5);
        }
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  test('scale 1 without flip is a plain crop of image and mask', () => {
    const source = sample(20, 30);
    const out = augmentSample(source, () => 0.99, { cropSize: [8, 9], scale: [1, 1], flip: false });
    // random() = 0.99 puts the window at the bottom-right: rows 12..19, columns 21..29.
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 9; x++) {
        expect(out.mask[y * 9 + x]).toBe(source.mask[(12 + y) * 30 + 21 + x]);
        expect(out.image[(y * 9 + x) * 3 + 1]).toBe(21 + x);
      }
    }
  });

  test('a flip mirrors image and mask alike', () => {
    const source = sample(10, 12);
    const draws = [0, 0.1, 0, 0]; // scale (fixed), flip (< 0.5: yes), top, left
    const out = augmentSample(source, () => draws.shift()!, { cropSize: [10, 12], scale: [1, 1] });
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 12; x++) {
        expect(out.mask[y * 12 + x]).toBe(source.mask[y * 12 + 11 - x]);
        expect(out.image[(y * 12 + x) * 3 + 1]).toBe(11 - x);
      }
    }
  });

  test('the image is tf.image.resizeBilinear (half-pixel centres), the mask resizeNearestNeighbor', async () => {
    const source = sample(12, 16);
    // scale draw 0.5 of [1, 2] → 1.5: 18 × 24, cropped whole.
    const draws = [0.5, 0.9, 0, 0];
    const out = augmentSample(source, () => draws.shift()!, { cropSize: [18, 24], scale: [1, 2] });
    const image = tf.tensor3d(source.image, [12, 16, 3]);
    const mask = tf.tensor3d(source.mask, [12, 16, 1], 'int32');
    const expectedImage = tf.image.resizeBilinear(image, [18, 24], false, true);
    const expectedMask = tf.image.resizeNearestNeighbor(mask, [18, 24], false, true);
    expect(await maxAbsDiff(tf.tensor3d(out.image, [18, 24, 3]), expectedImage)).toBeLessThan(1e-4);
    expect(Array.from(out.mask)).toEqual(Array.from(await expectedMask.data()));
    tf.dispose([image, mask, expectedImage, expectedMask]);
  });

  test('bad arguments name what is wrong', () => {
    const source = sample(4, 4);
    expect(() => augmentSample(source, Math.random, { cropSize: 0 })).toThrow(/cropSize must be a positive integer/);
    expect(() => augmentSample(source, Math.random, { cropSize: 2, scale: [2, 1] })).toThrow(/scale must be \[min, max\]/);
    expect(() => augmentSample({ ...source, mask: new Int32Array(3) }, Math.random, { cropSize: 2 })).toThrow(/mask must hold height·width = 16 values, got 3/);
  });
});
