// Letterbox geometry and its inverse: round trips on odd sizes in both orientations, exact corners.
import { setBackend, tf } from '@foveajs/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { letterbox, letterboxBoxes, letterboxInfo, unletterboxBoxes } from './letterbox.js';

beforeAll(async () => {
  await setBackend('fovea-wasm');
});

describe('letterboxInfo', () => {
  test('landscape and portrait odd sizes: scale, rounded sizes, padding split with the odd pixel last', () => {
    // 517 wide × 333 high onto 320: r = 320/517; height round(333·320/517) = round(206.11) = 206, pad 114 → 57 + 57.
    expect(letterboxInfo(333, 517, 320)).toEqual({ height: 333, width: 517, resizedHeight: 206, resizedWidth: 320, top: 57, left: 0, canvasHeight: 320, canvasWidth: 320 });
    // Portrait 517 high × 333 wide: the same, transposed.
    expect(letterboxInfo(517, 333, 320)).toMatchObject({ resizedHeight: 320, resizedWidth: 206, top: 0, left: 57 });
    // 99 × 100 onto 64: r = 0.64; 63.36 → 63 high, pad 1 → top 0, bottom 1.
    expect(letterboxInfo(99, 100, 64)).toMatchObject({ resizedHeight: 63, resizedWidth: 64, top: 0, left: 0 });
    expect(letterboxInfo(320, 320, 320)).toMatchObject({ resizedHeight: 320, resizedWidth: 320, top: 0, left: 0 });
    // Small images are enlarged unless scaleUp is false.
    expect(letterboxInfo(10, 20, 64)).toMatchObject({ resizedHeight: 32, resizedWidth: 64, top: 16 });
    expect(letterboxInfo(10, 20, 64, { scaleUp: false })).toMatchObject({ resizedHeight: 10, resizedWidth: 20, top: 27, left: 22 });
    expect(letterboxInfo(4, 6, [32, 64])).toMatchObject({ resizedHeight: 32, resizedWidth: 48, top: 0, left: 8, canvasHeight: 32, canvasWidth: 64 });
    expect(() => letterboxInfo(0, 5, 32)).toThrow(/height must be an integer in 1\.\.65536, got 0/);
  });

  test('a box on the resized image’s corners maps back to the image’s corners exactly', () => {
    for (const [h, w] of [
      [333, 517],
      [517, 333],
      [1, 999],
      [999, 1],
      [479, 641],
      [7, 7],
    ] as const) {
      const info = letterboxInfo(h, w, 320);
      const box = Float64Array.from([info.left, info.top, info.left + info.resizedWidth, info.top + info.resizedHeight]);
      expect(Array.from(unletterboxBoxes(box, info))).toEqual([0, 0, w, h]);
      // And the canvas corners (padding included) clip to them too.
      expect(Array.from(unletterboxBoxes(Float32Array.from([0, 0, 320, 320]), info))).toEqual([0, 0, w, h]);
    }
  });

  test('round trips: image → canvas → image is the identity (within float rounding), any size and box', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom(32, 320, 640),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 5 }),
        (h, w, size, boxes) => {
          const info = letterboxInfo(h, w, size);
          const original = Float64Array.from(boxes.flatMap(([a, b, c, d]) => [Math.min(a, c) * w, Math.min(b, d) * h, Math.max(a, c) * w, Math.max(b, d) * h]));
          const back = unletterboxBoxes(letterboxBoxes(original.slice(), info), info);
          back.forEach((v, i) => {
            expect(Math.abs(v - original[i]!)).toBeLessThan(1e-9 * Math.max(h, w));
          });
        },
      ),
    );
  });
});

describe('letterbox (tensors)', () => {
  test('the image lands at [left, left + resizedWidth) × [top, top + resizedHeight), the rest is 114', async () => {
    const image = tf.fill([5, 9, 3], 50, 'int32') as tf.Tensor3D;
    const info = letterboxInfo(5, 9, 32);
    expect(info).toMatchObject({ resizedHeight: 18, resizedWidth: 32, top: 7 });
    const out = letterbox(image, info);
    expect(out.shape).toEqual([32, 32, 3]);
    const values = await out.data();
    for (let y = 0; y < 32; y++) {
      const inside = y >= info.top && y < info.top + info.resizedHeight;
      expect(values[(y * 32 + 16) * 3]).toBeCloseTo(inside ? 50 : 114, 4);
    }
    tf.dispose([image, out]);
  });

  test('a same-size image passes unchanged; a 4-D batch of one is accepted; a wrong info is rejected', async () => {
    const image = tf.randomUniform([32, 32, 3], 0, 255) as tf.Tensor3D;
    const same = letterbox(image.expandDims(0) as tf.Tensor4D, letterboxInfo(32, 32, 32));
    expect(Array.from(await same.data())).toEqual(Array.from(await image.data()));
    expect(() => letterbox(image, letterboxInfo(31, 32, 32))).toThrow(/the image is 32×32, the letterbox info was made for 31×32/);
    tf.dispose([image, same]);
  });
});
