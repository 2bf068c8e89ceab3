// Target assignment on small hand-checked cases.
import { describe, expect, test } from 'vitest';
import { type AnchorFreePredictions, anchorPoints, assignTaskAligned, boxIou, ciou, crowdCells, type ImageTargets, matchAnchors } from './assign.js';

const targets = (boxes: number[][], classes: number[], crowd: number[] = classes.map(() => 0)): ImageTargets => ({
  boxes: Float32Array.from(boxes.flat()),
  classes: Int32Array.from(classes),
  crowd: Uint8Array.from(crowd),
});

describe('CIoU', () => {
  test('equals hand-computed values', () => {
    expect(ciou(0, 0, 2, 2, 0, 0, 2, 2).ciou).toBeCloseTo(1, 6);
    // IoU 1/7; enclosing diagonal² 18; centre distance² 2; same aspect (v = 0).
    expect(ciou(0, 0, 2, 2, 1, 1, 3, 3).ciou).toBeCloseTo(1 / 7 - 2 / 18, 6);
    // Disjoint boxes: IoU 0 and a centre penalty: negative.
    expect(ciou(0, 0, 1, 1, 3, 0, 4, 1).ciou).toBeLessThan(0);
    // Aspect term: 2×1 inside 2×2 → IoU 1/2, ρ² = 0.25, c² = 8, v = 4/π²·(π/4 − atan 2)².
    const v = (4 / Math.PI ** 2) * (Math.PI / 4 - Math.atan(2)) ** 2;
    const alpha = v / (v - 0.5 + 1);
    expect(ciou(0, 0, 2, 1, 0, 0, 2, 2).ciou).toBeCloseTo(0.5 - (0.25 / 8 + v * alpha), 5);
    expect(boxIou(0, 0, 2, 2, 1, 1, 3, 3)).toBeCloseTo(1 / 7, 12);
  });
});

describe('task-aligned assignment (anchor-free)', () => {
  // A 32×32 canvas: P3 4×4 (stride 8), P4 2×2, P5 1×1; regMax 4, 2 classes.
  const grids = [
    { height: 4, width: 4, stride: 8 },
    { height: 2, width: 2, stride: 16 },
    { height: 1, width: 1, stride: 32 },
  ];
  const points = anchorPoints(grids);
  const regMax = 4;
  /** Predictions with every box 1.5 strides from its anchor on each side and class scores σ(0) = 0.5. */
  const predictions = (): AnchorFreePredictions => ({
    box: grids.map((g) => new Float32Array(g.height * g.width * 4 * regMax)),
    cls: grids.map((g) => new Float32Array(g.height * g.width * 2)),
    regMax,
    classes: 2,
    batch: 1,
    index: 0,
  });

  test('anchor points: centres of every scale, flattened scale by scale', () => {
    expect(points.count).toBe(21);
    expect(points.offsets).toEqual([0, 16, 20]);
    expect([points.x[5], points.y[5], points.stride[5], points.level[5]]).toEqual([12, 12, 8, 0]);
    expect([points.x[20], points.y[20], points.stride[20]]).toEqual([16, 16, 32]);
  });

  test('positives lie inside the object (at most topk), the best one’s target is the best overlap', () => {
    const t = targets([[4, 4, 28, 28]], [1]);
    const a = assignTaskAligned(points, t, predictions(), { topk: 3 });
    const positives = [...a.object.keys()].filter((i) => a.object[i] === 1);
    expect(positives.length).toBe(3);
    for (const i of positives) {
      expect(points.x[i]).toBeGreaterThan(4);
      expect(points.x[i]).toBeLessThan(28);
    }
    const scores = positives.map((i) => a.score[i]!);
    // Each prediction is a 24×24 box (1.5 strides of 8 each side) or 48×48 / 96×96 on the coarser scales.
    const overlaps = positives.map((i) => Math.max(0, ciou(4, 4, 28, 28, points.x[i]! - 1.5 * points.stride[i]!, points.y[i]! - 1.5 * points.stride[i]!, points.x[i]! + 1.5 * points.stride[i]!, points.y[i]! + 1.5 * points.stride[i]!).ciou));
    expect(Math.max(...scores)).toBeCloseTo(Math.max(...overlaps), 5);
    expect(a.object.filter((o) => o === 0).length).toBe(18);
  });

  test('an anchor claimed by two objects goes to the one it overlaps more', () => {
    // Anchor (12, 12) lies in both; its 24×24 prediction is exactly the first object.
    const a = assignTaskAligned(points, targets([[0, 0, 24, 24], [10, 10, 14, 15]], [0, 1]), predictions(), { topk: 10 });
    expect(a.object[5]).toBe(1);
    expect(a.score[5]).toBeCloseTo(1, 5);
  });

  test('crowd regions are not assigned, and their anchor points are ignored', () => {
    const a = assignTaskAligned(points, targets([[16, 0, 32, 16]], [0], [1]), predictions());
    expect(Array.from(a.object).every((o) => o === 0)).toBe(true);
    // P3 anchors (20, 4), (28, 4), (20, 12), (28, 12) and P4's (24, 8).
    expect([2, 3, 6, 7, 17].map((i) => a.ignore[i])).toEqual([1, 1, 1, 1, 1]);
    expect(a.ignore.reduce((n, v) => n + v, 0)).toBe(5);
  });

  test('an object with no anchor point inside takes the nearest stride-8 anchor', () => {
    const a = assignTaskAligned(points, targets([[30.5, 30.5, 31.5, 31.5]], [1]), predictions());
    expect([...a.object.keys()].filter((i) => a.object[i] !== 0)).toEqual([15]);
  });
});

describe('anchor matching (anchor-based)', () => {
  const grids = [
    { height: 8, width: 8, stride: 8 },
    { height: 4, width: 4, stride: 16 },
    { height: 2, width: 2, stride: 32 },
  ];
  const anchors = [
    [10, 13, 16, 30],
    [30, 61, 62, 45],
    [116, 90, 156, 198],
  ];

  test('the object’s size matches anchors by shape IoU; its cell and the two nearest neighbours train', () => {
    // A 16×30 object centred at (21, 13): P3 anchor 1 exactly; in P3 cells, centre (2.625, 1.625).
    const matches = matchAnchors(grids, anchors, targets([[13, -2, 29, 28]], [0]), { decode: 'yolov5', anchorIou: 0.5 });
    const p3 = matches.filter((m) => m.level === 0 && m.anchor === 1).map((m) => [m.cellX, m.cellY]);
    // Fractions 0.625 > 0.5 in x and y: the cells right of and below the centre cell.
    expect(p3.sort()).toEqual([
      [2, 1],
      [2, 2],
      [3, 1],
    ]);
    expect(matches.every((m) => m.object === 0)).toBe(true);
    expect(matches.some((m) => m.level === 2)).toBe(false);
  });

  test('always the best anchor; YOLOv5 decoding only within a size ratio of 4; crowds match nothing', () => {
    // A 200×200 object: only P5's 156×198 anchor is within ratio 4 and it is the best.
    const big = matchAnchors(grids, anchors, targets([[0, 0, 200, 200]], [0]), { decode: 'yolov5', anchorIou: 0.9 });
    expect(new Set(big.map((m) => `${m.level}/${m.anchor}`))).toEqual(new Set(['2/1']));
    expect(matchAnchors(grids, anchors, targets([[0, 0, 20, 20]], [0], [1]), { decode: 'yolov5' })).toEqual([]);
    const cells = crowdCells(grids[0]!, targets([[0, 0, 20, 20]], [0], [1]));
    expect(Array.from(cells.subarray(0, 3))).toEqual([1, 1, 0]);
    expect(cells[8]).toBe(1);
  });
});
