// Properties of evaluateDetections on random datasets (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateDetections } from './index.js';
import type { CocoDataset, CocoDetection, CocoEvaluation } from './types.js';

const IMAGES = [1, 2, 3];
const CATEGORIES = [1, 2];

const box = fc.tuple(
  fc.integer({ min: 0, max: 120 }),
  fc.integer({ min: 0, max: 120 }),
  fc.integer({ min: 1, max: 110 }),
  fc.integer({ min: 1, max: 110 }),
);

const groundTruthArb = fc.record({
  image: fc.constantFrom(...IMAGES),
  category: fc.constantFrom(...CATEGORIES),
  bbox: box,
  iscrowd: fc.constantFrom<0 | 1>(0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
});

function datasetOf(objects: Array<{ image: number; category: number; bbox: readonly number[]; iscrowd: 0 | 1 }>): CocoDataset {
  return {
    images: IMAGES.map((id) => ({ id })),
    categories: CATEGORIES.map((id) => ({ id, name: `c${id}` })),
    annotations: objects.map((o, i) => ({
      id: i + 1,
      image_id: o.image,
      category_id: o.category,
      bbox: o.bbox,
      area: o.bbox[2]! * o.bbox[3]!,
      iscrowd: o.iscrowd,
    })),
  };
}

// Detections: near-copies of objects or random boxes, scores from a few values so that ties happen.
const scenario = fc.array(groundTruthArb, { maxLength: 12 }).chain((objects) =>
  fc.record({
    gt: fc.constant(datasetOf(objects)),
    results: fc.array(
      fc.record({
        image_id: fc.constantFrom(...IMAGES),
        category_id: fc.constantFrom(...CATEGORIES),
        bbox: objects.length === 0 ? box : fc.oneof(box, fc.constantFrom(...objects.map((o) => o.bbox)), jittered(objects.map((o) => o.bbox))),
        score: fc.oneof(fc.constantFrom(0.25, 0.5, 0.75), fc.double({ min: 0, max: 1, noNaN: true })),
      }),
      { maxLength: 25 },
    ),
  }),
);

function jittered(boxes: ReadonlyArray<readonly number[]>) {
  return fc
    .tuple(fc.constantFrom(...boxes), fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 }))
    .map(([[x, y, w, h], dx, dy]) => [x! + dx, y! + dy, w!, h!] as [number, number, number, number]);
}

/** Everything that does not depend on the results' order among equal scores in one image. */
function numbers(result: CocoEvaluation) {
  return { stats: result.stats, precision: Array.from(result.precision.data), recall: Array.from(result.recall.data) };
}

describe('evaluateDetections properties', () => {
  it('gives perfect detections AP 1 (up to the 2⁻⁵² in COCOeval’s precision) in every metric', () => {
    fc.assert(
      fc.property(fc.array(groundTruthArb, { minLength: 1, maxLength: 12 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }), (objects, scores) => {
        const plain = objects.map((o) => ({ ...o, iscrowd: 0 as const }));
        const gt = datasetOf(plain);
        const results = plain.map((o, i) => ({ image_id: o.image, category_id: o.category, bbox: o.bbox, score: scores[i]! }));
        const coco = evaluateDetections(gt, results);
        for (const [i, stat] of coco.stats.entries()) {
          if (stat === -1) continue;
          // AP: precision is 1 or 1 − 2⁻⁵²; AR with 100 detections per image: exactly 1 (with 1 or
          // 10 it falls short where an image holds more objects).
          if (i < 6) expect(stat).toBeGreaterThanOrEqual(1 / (1 + Number.EPSILON) - Number.EPSILON);
          else if (i >= 8) expect(stat).toBe(1);
          expect(stat).toBeLessThanOrEqual(1);
        }
        expect(coco.stats[0]).not.toBe(-1);
        for (const metric of ['voc', 'voc2007'] as const) {
          const voc = evaluateDetections(gt, results, { metric });
          expect(voc.mAP).toBeCloseTo(1, 12);
          for (const c of voc.perClass) if (c.ap !== -1) expect(c.ap).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it('depends on the results order only through ties within an image: a stable sort by score changes nothing', () => {
    fc.assert(
      fc.property(scenario, ({ gt, results }) => {
        const sorted = results
          .map((r, i) => [r, i] as const)
          .sort(([a, i], [b, j]) => b.score - a.score || i - j)
          .map(([r]) => r);
        expect(numbers(evaluateDetections(gt, sorted))).toEqual(numbers(evaluateDetections(gt, results)));
        for (const metric of ['voc', 'voc2007'] as const) {
          expect(evaluateDetections(gt, sorted, { metric }).mAP).toBe(evaluateDetections(gt, results, { metric }).mAP);
        }
      }),
    );
  });

  it('does not depend on how results of different images are interleaved (COCO)', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ gt, results }, seed) => {
        // Group the results by image (keeping each image's own order), images in a seeded order.
        const images = [...IMAGES].sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13) || a - b);
        const regrouped = images.flatMap((image) => results.filter((r) => r.image_id === image));
        expect(numbers(evaluateDetections(gt, regrouped))).toEqual(numbers(evaluateDetections(gt, results)));
      }),
    );
  });

  it('depends on scores only through their order', () => {
    fc.assert(
      fc.property(scenario, ({ gt, results }) => {
        const halved: CocoDetection[] = results.map((r) => ({ ...r, score: r.score / 2 }));
        expect(numbers(evaluateDetections(gt, halved))).toEqual(numbers(evaluateDetections(gt, results)));
        expect(evaluateDetections(gt, halved, { metric: 'voc' }).mAP).toBe(evaluateDetections(gt, results, { metric: 'voc' }).mAP);
      }),
    );
  });

  it('keeps every stat in [0, 1] or −1, and precision/recall curves consistent with it', () => {
    fc.assert(
      fc.property(scenario, ({ gt, results }) => {
        const result = evaluateDetections(gt, results);
        // Plain loops, one expect each: an expect per element of the [10, 101, K, 4, 3] arrays
        // made this the slowest test of the package.
        expect(result.stats.filter((stat) => !(stat === -1 || (stat >= 0 && stat <= 1)))).toEqual([]);
        expect(result.precision.data.filter((p) => !(p === -1 || (p >= 0 && p <= 1)))).toEqual(new Float64Array(0));
        // Precision never rises with recall (the envelope).
        const [T, R, K, A, M] = result.precision.shape as number[];
        let rises = 0;
        for (let t = 0; t < T!; t++) {
          for (let k = 0; k < K!; k++) {
            for (let a = 0; a < A!; a++) {
              for (let m = 0; m < M!; m++) {
                const at = (r: number) => result.precision.data[(((t * R! + r) * K! + k) * A! + a) * M! + m]!;
                for (let r = 1; r < R!; r++) if (at(r) > at(r - 1)) rises++;
              }
            }
          }
        }
        expect(rises).toBe(0);
        // The 'all' range counts every non-crowd object: AP is −1 exactly when a category has none.
        for (const c of result.perClass) expect(c.ap === -1).toBe(c.numGroundTruth === 0);
      }),
      { numRuns: 50 },
    );
  });
});
