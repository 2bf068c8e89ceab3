// NMS and soft-NMS against direct implementations on random boxes: nonMaxSuppression against a
// transcription of tfjs's greedy loop (hard, Gaussian, and linear decay in the same loop), and
// batchedNonMaxSuppression against one run over all boxes with each class shifted away from the
// others (torchvision's offset trick).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchedNonMaxSuppression, type FoveaKernels, loadKernels, nonMaxSuppression, type NonMaxSuppressionOptions } from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd' });
});

function iou(boxes: Float32Array, i: number, j: number): number {
  const [ay1, ax1, ay2, ax2] = boxes.subarray(4 * i, 4 * i + 4);
  const [by1, bx1, by2, bx2] = boxes.subarray(4 * j, 4 * j + 4);
  const a = { y1: Math.min(ay1!, ay2!), x1: Math.min(ax1!, ax2!), y2: Math.max(ay1!, ay2!), x2: Math.max(ax1!, ax2!) };
  const b = { y1: Math.min(by1!, by2!), x1: Math.min(bx1!, bx2!), y2: Math.max(by1!, by2!), x2: Math.max(bx1!, bx2!) };
  const areaA = (a.y2 - a.y1) * (a.x2 - a.x1);
  const areaB = (b.y2 - b.y1) * (b.x2 - b.x1);
  if (areaA <= 0 || areaB <= 0) return 0;
  const inter = Math.max(Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1), 0) * Math.max(Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), 0);
  return inter / (areaA + areaB - inter);
}

/** tfjs's nonMaxSuppressionImpl_, with the linear decay as an alternative weight. */
function reference(boxes: Float32Array, scores: Float32Array, options: NonMaxSuppressionOptions): { indices: number[]; scores: number[] } {
  const { maxOutput, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY, softNms } = options;
  const linear = softNms?.method === 'linear';
  const scale = softNms?.method === 'gaussian' && softNms.sigma > 0 ? -0.5 / softNms.sigma : 0;
  const order = (a: { score: number; box: number }, b: { score: number; box: number }) => b.score - a.score || a.box - b.box;
  const queue = Array.from(scores, (score, box) => ({ score, box, begin: 0 })).filter((c) => c.score > scoreThreshold);
  const indices: number[] = [];
  const kept: number[] = [];
  while (indices.length < maxOutput && queue.length > 0) {
    queue.sort(order);
    const candidate = queue.shift()!;
    const original = candidate.score;
    if (original < scoreThreshold) break;
    let drop = false;
    for (let j = indices.length - 1; j >= candidate.begin; j--) {
      const overlap = iou(boxes, candidate.box, indices[j]!);
      if (linear) {
        if (overlap >= iouThreshold) candidate.score *= 1 - overlap;
      } else {
        if (overlap >= iouThreshold) {
          drop = true;
          break;
        }
        candidate.score *= Math.exp(scale * overlap * overlap);
      }
      if (candidate.score <= scoreThreshold) break;
    }
    candidate.begin = indices.length;
    if (drop) continue;
    if (candidate.score === original) {
      indices.push(candidate.box);
      kept.push(candidate.score);
    } else if (candidate.score > scoreThreshold) {
      queue.push(candidate);
    }
  }
  return { indices, scores: kept.map(Math.fround) };
}

const problemArb = fc.record({
  count: fc.integer({ min: 0, max: 50 }),
  classes: fc.integer({ min: 1, max: 4 }),
  maxOutput: fc.integer({ min: 0, max: 60 }),
  iouThreshold: fc.constantFrom(0, 0.3, 0.5, 0.8, 1),
  scoreThreshold: fc.constantFrom(Number.NEGATIVE_INFINITY, 0, 0.4),
  softNms: fc.constantFrom<NonMaxSuppressionOptions['softNms']>(undefined, { method: 'gaussian', sigma: 0.5 }, { method: 'linear' }),
  ties: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
});

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

function inputs(p: Problem): { boxes: Float32Array; scores: Float32Array; classes: Int32Array } {
  let s = p.seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const boxes = new Float32Array(4 * p.count);
  const scores = new Float32Array(p.count);
  const classes = new Int32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    const cy = Math.round(next() * 4) / 4;
    const cx = Math.round(next() * 4) / 4;
    // Multiples of 1/1024: shifting them by 16 per class (the offset trick) stays exact in float32.
    const h = Math.round((next() * 0.6 + 0.1) * 1024) / 1024;
    const w = Math.round((next() * 0.6 + 0.1) * 1024) / 1024;
    boxes.set(i % 3 === 0 ? [cy + h, cx + w, cy, cx] : [cy, cx, cy + h, cx + w], 4 * i);
    scores[i] = p.ties ? Math.round(next() * 4) / 4 : next();
    classes[i] = Math.floor(next() * p.classes);
  }
  return { boxes, scores, classes };
}

const options = (p: Problem): NonMaxSuppressionOptions => ({
  maxOutput: p.maxOutput, iouThreshold: p.iouThreshold, scoreThreshold: p.scoreThreshold, softNms: p.softNms,
});

describe('nonMaxSuppression', () => {
  it("selects as tfjs's greedy loop does: hard, Gaussian soft-NMS and linear soft-NMS", () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const { boxes, scores } = inputs(p);
        const ours = nonMaxSuppression(kernels, boxes, scores, options(p));
        const expected = reference(boxes, scores, options(p));
        expect(Array.from(ours.indices)).toEqual(expected.indices);
        for (const [i, v] of ours.scores.entries()) expect(Math.abs(v - expected.scores[i]!)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 300 },
    );
  });

  it('is class-aware in batchedNonMaxSuppression: one run over boxes shifted apart by class', () => {
    fc.assert(
      // Not at iouThreshold 0: there the offset trick suppresses across classes too (their IoU, 0,
      // reaches the threshold), which class-aware NMS must not.
      fc.property(problemArb.filter((p) => p.iouThreshold > 0), fc.integer({ min: 1, max: 20 }), (p, perClass) => {
        const { boxes, scores, classes } = inputs(p);
        // Shift each class by 16 (boxes lie in [0, 2)): no two classes overlap.
        const shifted = boxes.map((v, i) => v + 16 * classes[i >> 2]!);
        const expected = reference(shifted, scores, options(p));
        const ours = batchedNonMaxSuppression(kernels, boxes, scores, classes, options(p));
        expect(Array.from(ours.indices)).toEqual(expected.indices);
        expect(Array.from(ours.classes)).toEqual(expected.indices.map((i) => classes[i]!));
        for (const [i, v] of ours.scores.entries()) expect(Math.abs(v - expected.scores[i]!)).toBeLessThanOrEqual(1e-6);
        // maxPerClass: each class's first picks, then the best of those by score.
        const capped = batchedNonMaxSuppression(kernels, boxes, scores, classes, { ...options(p), maxPerClass: perClass });
        const perClassCount = new Map<number, number>();
        for (const c of capped.classes) perClassCount.set(c, (perClassCount.get(c) ?? 0) + 1);
        for (const n of perClassCount.values()) expect(n).toBeLessThanOrEqual(perClass);
        expect(capped.indices.length).toBeLessThanOrEqual(p.maxOutput);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects bad arguments, naming them', () => {
    const boxes = new Float32Array(8);
    const scores = new Float32Array(2);
    expect(() => nonMaxSuppression(kernels, boxes, new Float32Array(3), { maxOutput: 1 })).toThrow(/boxes: got 8 values, expected 12/);
    expect(() => nonMaxSuppression(kernels, boxes, scores, { maxOutput: -1 })).toThrow(/maxOutput: got -1/);
    expect(() => nonMaxSuppression(kernels, boxes, scores, { maxOutput: 1, iouThreshold: 2 })).toThrow(/iouThreshold: got 2/);
    expect(() => nonMaxSuppression(kernels, boxes, scores, { maxOutput: 1, softNms: { method: 'gaussian', sigma: -1 } })).toThrow(/softNms.sigma: got -1/);
    expect(() => batchedNonMaxSuppression(kernels, boxes, scores, Int32Array.of(0, -2), { maxOutput: 1 })).toThrow(/classes: got -2 at 1/);
  });
});
