// Decoding both head families against boxes computed by hand from the formulas.
import { describe, expect, test } from 'vitest';
import { type HeadMap, decodeAnchorBased, decodeAnchorFree, decodePredictions, dflExpectation } from './decode.js';
import type { DetectorConfig } from './model.js';

const NEG = -1e9;

function map(height: number, width: number, channels: number, fill: number): HeadMap {
  return { data: new Float32Array(height * width * channels).fill(fill), batch: 1, height, width, channels };
}

function set(m: HeadMap, x: number, y: number, channel: number, value: number): void {
  m.data[(y * m.width + x) * m.channels + channel] = value;
}

describe('anchor-free (YOLOv8) decoding', () => {
  // A 64×64 canvas: P3 8×8, P4 4×4, P5 2×2; regMax 4, two classes.
  const regMax = 4;
  const maps = (): HeadMap[] => [map(8, 8, 4 * regMax, 0), map(8, 8, 2, -10), map(4, 4, 4 * regMax, 0), map(4, 4, 2, -10), map(2, 2, 4 * regMax, 0), map(2, 2, 2, -10)];
  const setSide = (m: HeadMap, x: number, y: number, side: number, logits: number[]) => logits.forEach((v, j) => {
      set(m, x, y, side * regMax + j, v);
    });

  test('the DFL expectation is Σ j·softmax(z)_j', () => {
    expect(dflExpectation(Float32Array.from([0, 0, 0, 0]), 0, 4)).toBeCloseTo(1.5, 12);
    expect(dflExpectation(Float32Array.from([0, Math.log(3), NEG, NEG]), 0, 4)).toBeCloseTo(0.75, 6);
    expect(dflExpectation(Float32Array.from([9, NEG, NEG, 0, NEG]), 1, 4)).toBeCloseTo(2, 12);
  });

  test('a cell at P3 (x 2, y 3): box = (anchor ∓ distances) · stride, score σ(logit)', () => {
    const m = maps();
    // Distances in strides: left 1.5 (uniform), top 0.75, right 2, bottom 3.
    setSide(m[0]!, 2, 3, 0, [0, 0, 0, 0]);
    setSide(m[0]!, 2, 3, 1, [0, Math.log(3), NEG, NEG]);
    setSide(m[0]!, 2, 3, 2, [NEG, NEG, 0, NEG]);
    setSide(m[0]!, 2, 3, 3, [NEG, NEG, NEG, 0]);
    set(m[1]!, 2, 3, 1, 2);
    const c = decodeAnchorFree(m, [8, 16, 32], regMax, 2, 0, { conf: 0.25 });
    expect(c.count).toBe(1);
    // Anchor (2.5, 3.5): x1 = (2.5 − 1.5)·8, y1 = (3.5 − 0.75)·8, x2 = (2.5 + 2)·8, y2 = (3.5 + 3)·8.
    expect(Array.from(c.boxes)).toEqual([8, 22, 36, 52].map((v) => expect.closeTo(v, 4)));
    expect(c.scores[0]).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(c.classes[0]).toBe(1);
  });

  test('a cell at P5 uses stride 32; multiLabel and the classes filter', () => {
    const m = maps();
    // Uniform bins everywhere: 1.5 strides each side of the anchor (1.5, 0.5) → (0, −32, 96, 64).
    set(m[5]!, 1, 0, 0, 1);
    set(m[5]!, 1, 0, 1, 0.5);
    const best = decodeAnchorFree(m, [8, 16, 32], regMax, 2, 0, { conf: 0.5 });
    expect(best.count).toBe(1);
    expect(Array.from(best.boxes)).toEqual([0, -32, 96, 64].map((v) => expect.closeTo(v, 4)));
    expect(best.classes[0]).toBe(0);
    const both = decodeAnchorFree(m, [8, 16, 32], regMax, 2, 0, { conf: 0.5, multiLabel: true });
    expect(Array.from(both.classes)).toEqual([0, 1]);
    expect(Array.from(both.scores)).toEqual([1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(-0.5))].map((v) => expect.closeTo(v, 6)));
    const onlyOne = decodeAnchorFree(m, [8, 16, 32], regMax, 2, 0, { conf: 0.5, classes: [1] });
    expect(Array.from(onlyOne.classes)).toEqual([1]);
    expect(decodeAnchorFree(m, [8, 16, 32], regMax, 2, 0, { conf: 0.8 }).count).toBe(0);
  });

  test('image index selects the batch entry; wrong channel counts are rejected', () => {
    const m = maps().map((h) => ({ ...h, batch: 2, data: Float32Array.from([...h.data, ...h.data]) }));
    const cls = m[1]!;
    cls.data[cls.data.length / 2 + (3 * 8 + 2) * 2] = 3; // image 1, cell (2, 3), class 0
    expect(decodeAnchorFree(m, [8, 16, 32], regMax, 2, 0).count).toBe(0);
    expect(decodeAnchorFree(m, [8, 16, 32], regMax, 2, 1).count).toBe(1);
    expect(() => decodeAnchorFree(maps(), [8, 16, 32], 8, 2, 0)).toThrow(/box channels 16 \(expected 32\)/);
    expect(() => decodeAnchorFree(maps(), [8, 16, 32], regMax, 2, 0, { conf: 2 })).toThrow(/conf must be a number in \[0, 1\]/);
  });
});

describe('anchor-based (YOLOv5 / YOLOv3) decoding', () => {
  // P3 8×8, P4 4×4, P5 2×2 on a 64×64 canvas, two anchors per scale, one class.
  const anchors = [
    [4, 6, 10, 8],
    [12, 20, 30, 24],
    [40, 30, 60, 64],
  ];
  const perAnchor = 6;
  const maps = () => [map(8, 8, 2 * perAnchor, -10), map(4, 4, 2 * perAnchor, -10), map(2, 2, 2 * perAnchor, -10)];

  test('YOLOv5: xy = (2σ(t) − 0.5 + cell)·stride, wh = anchor·(2σ(t))², score σ(obj)·σ(cls)', () => {
    const m = maps();
    const o = perAnchor; // anchor 1
    // P4 cell (x 1, y 2): tx = 0 → centre offset 0.5; ty = ln 3 → σ = 0.75 → 2·0.75 − 0.5 = 1.
    set(m[1]!, 1, 2, o + 0, 0);
    set(m[1]!, 1, 2, o + 1, Math.log(3));
    // tw = 0 → (2·0.5)² = 1 → w = 30; th = ln 3 → (1.5)² = 2.25 → h = 54.
    set(m[1]!, 1, 2, o + 2, 0);
    set(m[1]!, 1, 2, o + 3, Math.log(3));
    set(m[1]!, 1, 2, o + 4, Math.log(4)); // objectness 0.8
    set(m[1]!, 1, 2, o + 5, 0); // class 0.5
    const c = decodeAnchorBased(m, [8, 16, 32], anchors, 'yolov5', 1, 0, { conf: 0.25 });
    expect(c.count).toBe(1);
    const cx = (0.5 + 1) * 16;
    const cy = (1 + 2) * 16;
    expect(Array.from(c.boxes)).toEqual([cx - 15, cy - 27, cx + 15, cy + 27].map((v) => expect.closeTo(v, 4)));
    expect(c.scores[0]).toBeCloseTo(0.4, 6);
    expect(decodeAnchorBased(m, [8, 16, 32], anchors, 'yolov5', 1, 0, { conf: 0.45 }).count).toBe(0);
  });

  test("YOLOv3's wh = anchor·exp(t)", () => {
    const m = maps();
    // P3 cell (0, 0), anchor 0: tw = ln 2 → w = 8, th = 0 → h = 6; t = 0 → centre (0.5, 0.5)·8.
    set(m[0]!, 0, 0, 0, 0);
    set(m[0]!, 0, 0, 1, 0);
    set(m[0]!, 0, 0, 2, Math.log(2));
    set(m[0]!, 0, 0, 3, 0);
    set(m[0]!, 0, 0, 4, 5);
    set(m[0]!, 0, 0, 5, 5);
    const c = decodeAnchorBased(m, [8, 16, 32], anchors, 'yolov3', 1, 0, { conf: 0.5 });
    expect(Array.from(c.boxes)).toEqual([0, 1, 8, 7].map((v) => expect.closeTo(v, 4)));
    const config = { head: 'anchor-based', classes: 1, strides: [8, 16, 32], anchors, anchorDecode: 'yolov3', outputs: ['pred_p3', 'pred_p4', 'pred_p5'] } as unknown as DetectorConfig;
    expect(decodePredictions(config, m, 0, { conf: 0.5 }).count).toBe(1);
    expect(() => decodePredictions(config, m, 1)).toThrow(/index must be in 0\.\.0/);
  });
});
