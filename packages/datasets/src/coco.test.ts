// COCO RLE: column-major runs as pycocotools' mask.encode writes them, checked on hand-worked masks
// and round trips of random ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRle, encodeRle, encodeRleLabels, rleArea } from './coco.js';

describe('COCO RLE', () => {
  it('runs down the columns (Fortran order), starting with a run of 0s', () => {
    // [[0, 1],
    //  [0, 1],
    //  [1, 1]]: column 0 is 0 0 1, column 1 is 1 1 1 → two 0s, then four 1s.
    expect(encodeRle([0, 1, 0, 1, 1, 1], 3, 2)).toEqual({ counts: [2, 4], size: [3, 2] });
    // The first pixel set: the counts open with an empty run of 0s.
    expect(encodeRle([1, 0, 0, 0], 2, 2)).toEqual({ counts: [0, 1, 3], size: [2, 2] });
    // A 2 × 3 mask whose set pixels form a row-major run but not a column-major one.
    // [[1, 1, 1],
    //  [0, 0, 0]] → 1 0 | 1 0 | 1 0
    expect(encodeRle([1, 1, 1, 0, 0, 0], 2, 3).counts).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(encodeRle([0, 0, 0, 0], 2, 2).counts).toEqual([4]);
    expect(encodeRle([5, 5, 5, 5], 2, 2).counts).toEqual([0, 4]); // any non-zero value is set
    expect(Array.from(decodeRle({ counts: [0, 1, 1, 1, 1, 1, 1], size: [2, 3] }))).toEqual([1, 1, 1, 0, 0, 0]);
    expect(rleArea({ counts: [2, 4], size: [3, 2] })).toBe(4);
  });

  it('round-trips random masks, and the one-pass label encoder agrees with encodeRle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 5 })),
        (height, width, labelCount, stream) => {
          const labels = Uint8Array.from(stream.take(height * width), (v) => v % (labelCount + 1));
          const perLabel = encodeRleLabels(labels, height, width, labelCount);
          for (let k = 1; k <= labelCount; k++) {
            const mask = labels.map((v) => (v === k ? 1 : 0));
            const rle = encodeRle(mask, height, width);
            expect(perLabel[k - 1]).toEqual(rle);
            expect(rle.counts.reduce((a, b) => a + b, 0)).toBe(height * width);
            expect(Array.from(decodeRle(rle))).toEqual(Array.from(mask));
            expect(rleArea(rle)).toBe(mask.reduce((a, b) => a + b, 0));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects malformed input, naming what is wrong', () => {
    expect(() => decodeRle({ counts: [1, 2], size: [2, 2] })).toThrow(/decodeRle: counts sum to 3, expected height × width = 2 × 2 = 4/);
    expect(() => decodeRle({ counts: [1, -1, 4], size: [2, 2] })).toThrow(/counts\[1\] must be a non-negative integer, got -1/);
    expect(() => decodeRle({ counts: 'abc', size: [2, 2] } as never)).toThrow(/expected an uncompressed RLE/);
    expect(() => encodeRle([1, 0, 1], 2, 2)).toThrow(/mask has 3 values, expected height × width = 2 × 2 = 4/);
    expect(() => encodeRle([1], 0, 1)).toThrow(/height must be a positive integer, got 0/);
  });
});
