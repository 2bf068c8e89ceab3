// Class-aware NMS and soft-NMS against direct implementations (greedy per class, tfjs's rules), on
// random boxes.
import { setBackend, tf } from '@foveajs/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Candidates } from './decode.js';
import { nonMaxSuppression, nonMaxSuppressionSync } from './nms.js';

beforeAll(async () => {
  await setBackend('fovea-wasm');
});

/** IoU with tfjs's arithmetic (corners sorted, same operation order). */
function iou(b: Float32Array, i: number, j: number): number {
  const [ax1, ay1, ax2, ay2] = [Math.min(b[i * 4]!, b[i * 4 + 2]!), Math.min(b[i * 4 + 1]!, b[i * 4 + 3]!), Math.max(b[i * 4]!, b[i * 4 + 2]!), Math.max(b[i * 4 + 1]!, b[i * 4 + 3]!)];
  const [bx1, by1, bx2, by2] = [Math.min(b[j * 4]!, b[j * 4 + 2]!), Math.min(b[j * 4 + 1]!, b[j * 4 + 3]!), Math.max(b[j * 4]!, b[j * 4 + 2]!), Math.max(b[j * 4 + 1]!, b[j * 4 + 3]!)];
  const areaA = (ay2 - ay1) * (ax2 - ax1);
  const areaB = (by2 - by1) * (bx2 - bx1);
  if (areaA <= 0 || areaB <= 0) return 0;
  const inter = Math.max(Math.min(ay2, by2) - Math.max(ay1, by1), 0) * Math.max(Math.min(ax2, bx2) - Math.max(ax1, bx1), 0);
  return inter / (areaA + areaB - inter);
}

/** The direct implementation: per class (or all), highest score first (lower index on ties), drop IoU ≥ threshold; merge, cut. */
function reference(c: Candidates, threshold: number, maxDet: number, agnostic: boolean): number[] {
  const order = Array.from({ length: c.count }, (_, i) => i).sort((a, b) => c.scores[b]! - c.scores[a]! || a - b);
  const kept: number[] = [];
  const perClass = new Map<number, number>();
  for (const i of order) {
    const cls = agnostic ? 0 : c.classes[i]!;
    if ((perClass.get(cls) ?? 0) >= maxDet) continue;
    if (kept.some((k) => (agnostic || c.classes[k] === c.classes[i]) && iou(c.boxes, i, k) >= threshold)) continue;
    kept.push(i);
    perClass.set(cls, (perClass.get(cls) ?? 0) + 1);
  }
  return kept.slice(0, maxDet);
}

/**
 * Soft-NMS done directly, per class (or all): tfjs's loop, where a candidate whose score decayed
 * goes back to the queue and is compared again only with boxes kept since. Kept {index, score}.
 */
function softReference(c: Candidates, threshold: number, sigma: number, maxDet: number, agnostic: boolean): { index: number; score: number }[] {
  const scale = -0.5 / sigma;
  const out: { index: number; score: number }[] = [];
  for (const cls of new Set(agnostic ? [0] : c.classes)) {
    const queue = Array.from({ length: c.count }, (_, i) => ({ i, score: c.scores[i]!, begin: 0 })).filter((q) => agnostic || c.classes[q.i] === cls);
    const kept: number[] = [];
    while (kept.length < maxDet && queue.length > 0) {
      queue.sort((a, b) => b.score - a.score || a.i - b.i);
      const candidate = queue.shift()!;
      const original = candidate.score;
      let drop = false;
      for (let j = kept.length - 1; j >= candidate.begin; j--) {
        const overlap = iou(c.boxes, candidate.i, kept[j]!);
        if (overlap >= threshold) {
          drop = true;
          break;
        }
        candidate.score *= Math.exp(scale * overlap * overlap);
      }
      candidate.begin = kept.length;
      if (drop) continue;
      if (candidate.score === original) {
        kept.push(candidate.i);
        out.push({ index: candidate.i, score: candidate.score });
      } else if (candidate.score > 0) queue.push(candidate);
    }
  }
  return out.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, maxDet);
}

const candidatesArb = fc
  .array(
    fc.record({
      // Integer coordinates and scores on a coarse grid: overlaps at the threshold and equal scores happen.
      x: fc.integer({ min: 0, max: 60 }),
      y: fc.integer({ min: 0, max: 60 }),
      w: fc.integer({ min: 0, max: 30 }),
      h: fc.integer({ min: 0, max: 30 }),
      score: fc.integer({ min: 1, max: 20 }),
      cls: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 40 },
  )
  .map((list): Candidates => ({
    boxes: Float32Array.from(list.flatMap((b) => [b.x, b.y, b.x + b.w, b.y + b.h])),
    scores: Float32Array.from(list.map((b) => b.score / 20)),
    classes: Int32Array.from(list.map((b) => b.cls)),
    count: list.length,
  }));

function keptIndices(c: Candidates, d: { boxes: Float32Array; scores: Float32Array; classes: Int32Array; count: number }): number[] {
  // Map each kept detection back to its candidate (boxes, score and class identify it; pick the lowest unused index).
  const used = new Set<number>();
  return Array.from({ length: d.count }, (_, k) => {
    for (let i = 0; i < c.count; i++) {
      if (used.has(i) || c.scores[i] !== d.scores[k] || c.classes[i] !== d.classes[k]) continue;
      if ([0, 1, 2, 3].every((j) => c.boxes[i * 4 + j] === d.boxes[k * 4 + j])) {
        used.add(i);
        return i;
      }
    }
    return -1;
  });
}

describe('class-aware NMS', () => {
  test('matches the direct implementation on random boxes (async and sync, class-aware and agnostic)', async () => {
    await fc.assert(
      fc.asyncProperty(candidatesArb, fc.constantFrom(0.3, 0.5, 0.7), fc.integer({ min: 1, max: 12 }), fc.boolean(), async (c, threshold, maxDet, agnostic) => {
        const expected = reference(c, threshold, maxDet, agnostic);
        const expectedBoxes = expected.map((i) => Array.from(c.boxes.subarray(i * 4, i * 4 + 4)));
        const got = await nonMaxSuppression(c, { iou: threshold, maxDet, agnostic });
        const gotSync = nonMaxSuppressionSync(c, { iou: threshold, maxDet, agnostic });
        for (const d of [got, gotSync]) {
          expect(d.count).toBe(expected.length);
          expect(Array.from({ length: d.count }, (_, k) => Array.from(d.boxes.subarray(k * 4, k * 4 + 4)))).toEqual(expectedBoxes);
          expect(Array.from(d.scores)).toEqual(expected.map((i) => c.scores[i]));
          expect(keptIndices(c, d)).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('soft-NMS matches the direct implementation on random boxes (async and sync, class-aware and agnostic)', async () => {
    // Continuous coordinates and distinct scores: decayed scores then have one order, whatever the float precision.
    const softArb = fc
      .array(fc.tuple(fc.float({ min: 0, max: 60, noNaN: true }), fc.float({ min: 0, max: 60, noNaN: true }), fc.float({ min: 1, max: 30, noNaN: true }), fc.float({ min: 1, max: 30, noNaN: true }), fc.integer({ min: 0, max: 2 })), { maxLength: 30 })
      .map((list): Candidates => ({
        boxes: Float32Array.from(list.flatMap(([x, y, w, h]) => [x, y, x + w, y + h])),
        scores: Float32Array.from(list, (_, i) => 0.2 + (0.7 * ((i * 7919) % 997)) / 997),
        classes: Int32Array.from(list, (b) => b[4]),
        count: list.length,
      }));
    await fc.assert(
      fc.asyncProperty(softArb, fc.constantFrom(0.5, 0.8), fc.constantFrom(0.3, 1), fc.integer({ min: 1, max: 12 }), fc.boolean(), async (c, threshold, sigma, maxDet, agnostic) => {
        const expected = softReference(c, threshold, sigma, maxDet, agnostic);
        const got = await nonMaxSuppression(c, { iou: threshold, maxDet, agnostic, softNmsSigma: sigma });
        const gotSync = nonMaxSuppressionSync(c, { iou: threshold, maxDet, agnostic, softNmsSigma: sigma });
        for (const d of [got, gotSync]) {
          expect(d.count).toBe(expected.length);
          expect(Array.from({ length: d.count }, (_, k) => Array.from(d.boxes.subarray(k * 4, k * 4 + 4)))).toEqual(expected.map((e) => Array.from(c.boxes.subarray(e.index * 4, e.index * 4 + 4))));
          expect(Array.from(d.classes)).toEqual(expected.map((e) => c.classes[e.index]));
          expect(Array.from(d.scores)).toEqual(expected.map((e) => expect.closeTo(e.score, 5)));
        }
      }),
      { numRuns: 100 },
    );
    // Sigma 0 is hard NMS; a bad sigma is rejected.
    const c: Candidates = { boxes: Float32Array.from([0, 0, 10, 10, 2, 0, 12, 10]), scores: Float32Array.from([0.9, 0.8]), classes: Int32Array.from([0, 0]), count: 2 };
    expect((await nonMaxSuppression(c, { iou: 0.9, softNmsSigma: 0 })).scores).toEqual(Float32Array.from([0.9, 0.8]));
    const soft = await nonMaxSuppression(c, { iou: 0.9, softNmsSigma: 0.5 });
    // IoU 80/120 = 2/3: the second score decays by exp(−(2/3)² / (2 · 0.5)).
    expect(soft.scores[1]).toBeCloseTo(0.8 * Math.exp(-(4 / 9)), 5);
    await expect(nonMaxSuppression(c, { softNmsSigma: -1 })).rejects.toThrow(/softNmsSigma must be a finite number ≥ 0, got -1/);
  });

  test('boxes of different classes never suppress each other; agnostic NMS does', async () => {
    const c: Candidates = { boxes: Float32Array.from([0, 0, 10, 10, 0, 0, 10, 10, 1, 1, 10, 10]), scores: Float32Array.from([0.9, 0.8, 0.7]), classes: Int32Array.from([0, 1, 0]), count: 3 };
    expect(Array.from((await nonMaxSuppression(c)).classes)).toEqual([0, 1]);
    expect((await nonMaxSuppression(c, { agnostic: true })).count).toBe(1);
    expect((await nonMaxSuppression(c, { iou: 0.95 })).count).toBe(3);
    expect((await nonMaxSuppression(c, { maxDet: 1 })).count).toBe(1);
    expect((await nonMaxSuppression({ boxes: new Float32Array(), scores: new Float32Array(), classes: new Int32Array(), count: 0 })).count).toBe(0);
    await expect(nonMaxSuppression(c, { iou: 1.5 })).rejects.toThrow(/iou must be a number in \[0, 1\], got 1.5/);
  });

  test('leaves no tensors behind', async () => {
    const c: Candidates = { boxes: Float32Array.from([0, 0, 10, 10, 1, 1, 11, 11, 30, 30, 40, 40]), scores: Float32Array.from([0.9, 0.8, 0.7]), classes: Int32Array.from([0, 0, 0]), count: 3 };
    await nonMaxSuppression(c);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await nonMaxSuppression(c);
      nonMaxSuppressionSync(c);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
