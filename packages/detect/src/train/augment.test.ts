// Augmentation moves boxes with the image: on images of bright rectangles on black, each output box
// must enclose its rectangle's bright pixels and be tight around them.
import fc from 'fast-check';
import { seededRandom } from '@foveajs/core';
import { describe, expect, test } from 'vitest';
import { type AugmentedSample, augmentSample, type DetectionSample, flipLeftRight, hsvAugment, NO_AUGMENT, resolveAugment } from './augment.js';

/** A black image with white rectangles [x1, y1, x2, y2) (integer pixels), boxed exactly. */
function rectangles(height: number, width: number, rects: number[][]): DetectionSample {
  const image = new Uint8Array(height * width * 3);
  for (const [x1, y1, x2, y2] of rects) {
    for (let y = y1!; y < y2!; y++) for (let x = x1!; x < x2!; x++) image.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  }
  return { image, height, width, boxes: Float32Array.from(rects.flat()), classes: Int32Array.from(rects.map((_, i) => i)), crowd: new Uint8Array(rects.length) };
}

/** The bounding box of pixels brighter than 128 inside `box` grown by 1 px (its own rectangle's pixels). */
function brightBounds(out: AugmentedSample, box: ArrayLike<number>): [number, number, number, number] | null {
  const s = out.size;
  let [x1, y1, x2, y2] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let y = Math.max(0, Math.floor(box[1]! - 1)); y < Math.min(s, Math.ceil(box[3]! + 1)); y++) {
    for (let x = Math.max(0, Math.floor(box[0]! - 1)); x < Math.min(s, Math.ceil(box[2]! + 1)); x++) {
      if (out.image[(y * s + x) * 3]! > 128) {
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x + 1);
        y2 = Math.max(y2, y + 1);
      }
    }
  }
  return x1 === Number.POSITIVE_INFINITY ? null : [x1, y1, x2, y2];
}

function expectBoxesTrack(out: AugmentedSample): void {
  for (let i = 0; i < out.classes.length; i++) {
    const box = out.boxes.subarray(i * 4, i * 4 + 4);
    expect(box[0]).toBeGreaterThanOrEqual(0);
    expect(box[2]).toBeLessThanOrEqual(out.size);
    expect(box[2]! - box[0]!).toBeGreaterThan(0);
    if (out.crowd[i] === 1) continue;
    const bright = brightBounds(out, box);
    expect(bright).not.toBeNull();
    // Bilinear edges: the bright half-pixel threshold sits within a pixel of the exact edge.
    bright!.forEach((v, k) => {
      expect(Math.abs(v - box[k]!)).toBeLessThanOrEqual(1.01);
    });
  }
}

describe('augmentSample', () => {
  const sample = rectangles(64, 96, [
    [10, 8, 30, 20],
    [50, 30, 90, 60],
    [0, 50, 12, 64],
  ]);

  test('without augmentation: letterboxed onto the canvas, boxes scaled with it', () => {
    const out = augmentSample(sample, () => sample, 96, NO_AUGMENT, seededRandom(1));
    // 96 × 64 onto 96 × 96: scale 1, 16 px of padding above.
    expect(Array.from(out.boxes)).toEqual([10, 24, 30, 36, 50, 46, 90, 76, 0, 66, 12, 80]);
    expect(out.image[(0 * 96 + 0) * 3]).toBe(114);
    expectBoxesTrack(out);
  });

  test('scale, translation, flip, mosaic: boxes follow their rectangles (random draws)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.boolean(), (seed, mosaic) => {
        const options = resolveAugment({ mosaic: mosaic ? 1 : 0, scale: 0.5, translate: 0.2, fliplr: 0.5, hsvH: 0, hsvS: 0, hsvV: 0 });
        const out = augmentSample(sample, () => sample, 64, options, seededRandom(seed));
        expectBoxesTrack(out);
      }),
      { numRuns: 40 },
    );
  });

  test('a box cut below minArea by the border stays as an ignored (crowd) region', () => {
    // Translate far left: the first rectangle leaves the canvas; with a big shift part of the second is cut.
    const out = augmentSample(rectangles(32, 32, [[0, 8, 16, 24]]), () => sample, 32, { ...NO_AUGMENT, minArea: 0.9 }, seededRandom(1));
    expect(Array.from(out.crowd)).toEqual([0]);
    const cut = augmentSample(rectangles(32, 64, [[0, 8, 16, 24]]), () => sample, 16, { ...NO_AUGMENT, translate: 0.4, minArea: 0.9 }, seededRandom(3));
    for (let i = 0; i < cut.classes.length; i++) {
      const area = (cut.boxes[i * 4 + 2]! - cut.boxes[i * 4]!) * (cut.boxes[i * 4 + 3]! - cut.boxes[i * 4 + 1]!);
      // Scaled by 1/4 the rectangle is 4 × 4 px; cut to under 90 % of that, it must be ignored.
      expect(cut.crowd[i]).toBe(area < 0.9 * 16 - 1e-4 ? 1 : 0);
    }
    expect(() => resolveAugment({ mosaic: 2 })).toThrow(/mosaic must be a number in \[0, 1\], got 2/);
  });
});

describe('flip and HSV', () => {
  test('flipLeftRight mirrors pixels and boxes', () => {
    const image = Float32Array.from({ length: 4 * 4 * 3 }, (_, i) => i);
    const boxes = Float32Array.from([0, 1, 1, 3]);
    flipLeftRight(image, 4, boxes);
    expect(Array.from(boxes)).toEqual([3, 1, 4, 3]);
    expect(Array.from(image.subarray(0, 3))).toEqual([9, 10, 11]);
  });

  test('HSV gains: identity at 1, grey stays grey under a hue shift, value scales the brightest channel', () => {
    const image = Float32Array.from([200, 100, 50, 80, 80, 80]);
    const copy = image.slice();
    hsvAugment(image, 0, 1, 1);
    expect(Array.from(image)).toEqual(Array.from(copy));
    hsvAugment(image, 0.25, 1, 1);
    expect(Array.from(image.subarray(3))).toEqual([80, 80, 80].map((v) => expect.closeTo(v, 3)));
    const value = Float32Array.from([200, 100, 50]);
    hsvAugment(value, 0, 1, 0.5);
    expect(Array.from(value)).toEqual([100, 50, 25].map((v) => expect.closeTo(v, 3)));
    const saturation = Float32Array.from([200, 100, 50]);
    hsvAugment(saturation, 0, 0, 1);
    expect(Array.from(saturation)).toEqual([200, 200, 200].map((v) => expect.closeTo(v, 3)));
  });
});
