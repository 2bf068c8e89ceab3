import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iouMatrixXywh, iouXywh, iouXyxy } from './iou.js';

describe('iouXywh / iouXyxy', () => {
  it('computes hand-worked overlaps', () => {
    // Intersection 5×10 = 50, union 100 + 100 − 50 = 150.
    expect(iouXywh([0, 0, 10, 10], [5, 0, 10, 10])).toBe(50 / 150);
    expect(iouXyxy([0, 0, 10, 10], [5, 0, 15, 10])).toBe(50 / 150);
    // Touching edges and disjoint boxes do not overlap.
    expect(iouXywh([0, 0, 10, 10], [10, 0, 10, 10])).toBe(0);
    expect(iouXywh([0, 0, 10, 10], [30, 30, 5, 5])).toBe(0);
    // A 60%-wide box inside the other: exactly 0.6, the 3rd COCO threshold.
    expect(iouXywh([0, 0, 6, 10], [0, 0, 10, 10])).toBe(0.6);
  });

  it('scores a crowd region by the share of the detection inside it', () => {
    // Detection 20×10 = 200, half of it inside the 50×50 crowd region: 100 / 200.
    expect(iouXywh([140, 100, 20, 10], [100, 100, 50, 50], { crowd: true })).toBe(0.5);
    expect(iouXywh([140, 100, 20, 10], [100, 100, 50, 50])).toBe(100 / (200 + 2500 - 100));
    expect(iouXyxy([110, 110, 120, 120], [100, 100, 150, 150], { crowd: true })).toBe(1);
  });

  it('gives 0 for boxes of zero width or height', () => {
    expect(iouXywh([0, 0, 0, 10], [0, 0, 10, 10])).toBe(0);
    expect(iouXywh([0, 0, 0, 0], [0, 0, 0, 0])).toBe(0);
  });

  it('rejects malformed boxes, naming the argument', () => {
    expect(() => iouXywh([0, 0, -1, 10], [0, 0, 10, 10])).toThrow(/a is \[0, 0, -1, 10\]; expected width and height >= 0/);
    expect(() => iouXywh([0, 0, 1, 1], [0, Number.NaN, 10, 10])).toThrow(/b\[1\] is NaN; expected a finite number/);
    expect(() => iouXyxy([5, 0, 1, 10], [0, 0, 10, 10])).toThrow(/expected x2 >= x1/);
    expect(() => iouXywh([0, 0, 1] as never, [0, 0, 10, 10])).toThrow(/a must be a box/);
  });

  const box = fc.tuple(
    fc.integer({ min: -50, max: 50 }),
    fc.integer({ min: -50, max: 50 }),
    fc.integer({ min: 1, max: 60 }),
    fc.integer({ min: 1, max: 60 }),
  );
  it('is symmetric, within [0, 1], 1 for a box with itself, and the same in xywh and xyxy (integer boxes)', () => {
    fc.assert(
      fc.property(box, box, (a, b) => {
        const ab = iouXywh(a, b);
        expect(ab).toBe(iouXywh(b, a));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(iouXywh(a, a)).toBe(1);
        expect(iouXyxy([a[0], a[1], a[0] + a[2], a[1] + a[3]], [b[0], b[1], b[0] + b[2], b[1] + b[3]])).toBe(ab);
        // A crowd score is never below the IoU: the detection's area is at most the union.
        expect(iouXywh(a, b, { crowd: true })).toBeGreaterThanOrEqual(ab);
      }),
    );
  });

  it('iouMatrixXywh pairs each detection (row) with each ground-truth box (column)', () => {
    const matrix = iouMatrixXywh(
      [
        [0, 0, 10, 10],
        [5, 0, 10, 10],
      ],
      [
        [0, 0, 10, 10],
        [0, 0, 100, 100],
      ],
      [false, true],
    );
    expect(matrix.map((row) => Array.from(row))).toEqual([
      [1, 1],
      [50 / 150, 1],
    ]);
  });
});
