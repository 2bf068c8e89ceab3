// Hand-worked COCOeval cases. For each, the comment derives the precision at the 101 recall points
// (pycocotools' accumulate: tp/fp cumulative sums, pr = tp / (tp + fp + 2⁻⁵²), the envelope, and
// np.searchsorted on recall); the stats are means of those curves. Means with float rounding in them
// were computed by numpy 1.24.2 over the same curves, e.g. for the duplicate case:
//   e = np.spacing(1); r1 = 1 / (1 + e)
//   np.mean(np.concatenate([np.full(303, r1), np.full(707, 0.5)]))   # 0.65
// (curves concatenated in numpy's C order: IoU threshold, then recall point, then category).
import { describe, expect, it } from 'vitest';
import { evaluateDetections } from './index.js';
import { dataset, detection, precisionCurve, recallAt, steps } from './test_support.js';
import type { CocoEvaluation } from './types.js';

/** pr after a lone true positive: 1 / (1 + 2⁻⁵²) = 0.9999999999999998. */
const R1 = 1 / (1 + Number.EPSILON);
const ALL = 0;
const SMALL = 1;
const MEDIUM = 2;
const LARGE = 3;
const MAXDET_1 = 0;
const MAXDET_100 = 2;

function coco(...args: Parameters<typeof evaluateDetections>): CocoEvaluation {
  return evaluateDetections(args[0], args[1], { metric: 'coco' });
}

describe("evaluateDetections 'coco'", () => {
  it('scores a perfect detection 1 − 2⁻⁵², and −1 for area ranges without ground truth', () => {
    const result = coco(dataset([{ bbox: [0, 0, 10, 10] }]), [detection([0, 0, 10, 10], 0.9)]);
    // One TP: pr = [R1], rc = [1]; every recall point reads pr[0].
    for (let t = 0; t < 10; t++) expect(precisionCurve(result, t)).toEqual(steps([R1, 101]));
    // np.mean of 1010 × R1 is R1, of 101 × R1 it rounds to 0.9999999999999999 (pairwise sums).
    expect(result.stats).toEqual([R1, 0.9999999999999999, 0.9999999999999999, R1, -1, -1, 1, 1, 1, 1, -1, -1]);
    expect(result.summary).toMatchObject({ ap: R1, apSmall: R1, apMedium: -1, apLarge: -1, ar100: 1, arLarge: -1 });
    expect(result.perClass).toEqual([expect.objectContaining({ categoryId: 1, name: 'class 1', numGroundTruth: 1, numDetections: 1, ap: R1 })]);
    expect(result.precision.shape).toEqual([10, 101, 1, 4, 3]);
    expect(result.recall.shape).toEqual([10, 1, 4, 3]);
    expect(result.params.maxDets).toEqual([1, 10, 100]);
    expect(Object.isFrozen(result.params.areaRanges) && Object.isFrozen(result.params.areaRanges[1])).toBe(true);
    expect(result.params.areaRanges.map((r) => [r.label, r.min, r.max])).toEqual([
      ['all', 0, 1e10],
      ['small', 0, 1024],
      ['medium', 1024, 9216],
      ['large', 9216, 1e10],
    ]);
  });

  it('orders equal scores across images by image id, whatever the results order', () => {
    const gt = dataset(
      [
        { bbox: [0, 0, 10, 10], image: 1 },
        { bbox: [0, 0, 10, 10], image: 2 },
      ],
      { images: [2, 1] },
    );
    const miss = detection([50, 50, 10, 10], 0.5, 1);
    const hit = detection([0, 0, 10, 10], 0.5, 2);
    // Image 1's miss sorts first: tp 0,1; fp 1,1; rc [0, .5]; pr [0, 1/(2+e) = .5] → envelope [.5, .5];
    // recall points 0 … 0.5 (51 of them) read .5, the other 50 read 0.
    for (const results of [
      [hit, miss],
      [miss, hit],
    ]) {
      const result = coco(gt, results);
      expect(precisionCurve(result, 0)).toEqual(steps([0.5, 51], [0, 50]));
      expect(result.stats[0]).toBe(0.2524752475247525); // np.mean(([.5]*51 + [0]*50) * 10)
      expect(result.stats[8]).toBe(0.5);
    }
    // With the hit on the lower image id: pr [R1, .5], rc [.5, .5] → 51 × R1 then 0.
    const swapped = coco(gt, [detection([0, 0, 10, 10], 0.5, 1), detection([50, 50, 10, 10], 0.5, 2)]);
    expect(precisionCurve(swapped, 0)).toEqual(steps([R1, 51], [0, 50]));
    expect(swapped.stats[0]).toBe(0.5049504950495048);
  });

  it('orders equal scores within an image by their order in the results (a stable sort)', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }, { bbox: [20, 0, 10, 10] }]);
    const miss = detection([50, 50, 10, 10], 0.5);
    const hitA = detection([0, 0, 10, 10], 0.5);
    const hitB = detection([20, 0, 10, 10], 0.5);
    // Miss first: pr [0, .5, 2/(3+e) = 0.6666666666666666] → envelope 2/3 everywhere.
    const missFirst = coco(gt, [miss, hitA, hitB]);
    expect(precisionCurve(missFirst, 0)).toEqual(steps([2 / 3, 101]));
    expect(missFirst.stats[0]).toBe(0.6666666666666666);
    // Miss last: pr [R1, 1, 2/3] → envelope [1, 1, 2/3]; rc [.5, 1, 1]: every point reads 1.
    const missLast = coco(gt, [hitA, hitB, miss]);
    expect(missLast.stats[0]).toBe(1);
  });

  it('counts a duplicate detection as a false positive, and matches an IoU equal to the threshold', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }]);
    // The 60%-wide box has IoU exactly 0.6 (the 3rd threshold) and the higher score.
    const result = coco(gt, [detection([0, 0, 6, 10], 0.9), detection([0, 0, 10, 10], 0.8)]);
    // t = .5, .55, .6: the narrow box matches, the exact one is a duplicate: pr [R1, .5] → R1 throughout.
    for (const t of [0, 1, 2]) expect(precisionCurve(result, t)).toEqual(steps([R1, 101]));
    // t ≥ .65: the narrow box misses, the exact one matches: pr [0, .5] → .5 throughout.
    for (const t of [3, 4, 5, 6, 7, 8, 9]) expect(precisionCurve(result, t)).toEqual(steps([0.5, 101]));
    expect(result.summary.ap).toBe(0.65); // np.mean([R1]*303 + [.5]*707)
    expect(result.summary.ap50).toBe(0.9999999999999999);
    expect(result.summary.ap75).toBe(0.5);
    // One detection per image: recall 1 while the narrow box matches (3 thresholds), else 0.
    expect(result.summary.ar1).toBe(0.3);
    expect(result.summary.ar10).toBe(1);
  });

  it('moves a match to the later annotation on equal IoU, as COCOeval does', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }, { bbox: [2, 0, 10, 10] }]);
    // The first detection overlaps both annotations by 90/110 and takes the second; the other
    // detection overlaps the first annotation by 80/120 and the second by 60/140.
    const result = coco(gt, [detection([1, 0, 10, 10], 0.9), detection([-2, 0, 10, 10], 0.8)]);
    // t ≤ .65: both match: pr [R1, 1] → 1. (Had the first annotation been taken, the second
    // detection would miss: 51 × R1.)
    expect(precisionCurve(result, 0)).toEqual(steps([1, 101]));
    // .7 ≤ t ≤ .8: only the first detection matches: 51 × R1, then 0. t ≥ .85: none.
    expect(precisionCurve(result, 4)).toEqual(steps([R1, 51], [0, 50]));
    expect(precisionCurve(result, 7)).toEqual(steps([0, 101]));
    expect(result.summary.ap50).toBe(1);
    expect(result.summary.ap).toBe(0.5514851485148515); // np.mean([1.]*404 + ([R1]*51 + [0]*50)*3 + [0]*303)
    expect(result.summary.ar100).toBe(0.55);
  });

  it('ignores detections on crowd regions, scored by intersection over the detection area', () => {
    const gt = dataset([
      { bbox: [0, 0, 10, 10] },
      { bbox: [100, 100, 50, 50], iscrowd: 1 },
    ]);
    const results = [
      detection([110, 110, 10, 10], 0.95), // inside the crowd region: crowd IoU 1 (plain IoU 0.04)
      detection([140, 100, 20, 10], 0.92), // half inside: crowd IoU exactly 0.5
      detection([0, 0, 10, 10], 0.9),
    ];
    const result = coco(gt, results);
    // t = .5: both crowd detections are ignored: tp 0,0,1; fp 0,0,0; pr [0, 0, R1] → R1 throughout.
    expect(precisionCurve(result, 0)).toEqual(steps([R1, 101]));
    // t ≥ .55: the half-inside one is a false positive: pr [0, 0, .5] → .5 throughout.
    expect(precisionCurve(result, 1)).toEqual(steps([0.5, 101]));
    expect(result.summary.ap).toBe(0.55); // np.mean([R1]*101 + [.5]*909)
    expect(result.summary.ar100).toBe(1);
    // The crowd region is not ground truth to find, so the category counts one object.
    expect(result.perClass[0]!.numGroundTruth).toBe(1);
    // Only crowd regions in a category: nothing to find, so −1.
    const crowdOnly = coco(dataset([{ bbox: [100, 100, 50, 50], iscrowd: 1 }]), [detection([110, 110, 10, 10], 0.9)]);
    expect(crowdOnly.stats).toEqual(new Array(12).fill(-1));
  });

  it('matches crowd regions last: an annotation that counts wins over a better crowd overlap', () => {
    // The crowd region comes first in the input; COCOeval sorts it after the others.
    const gt = dataset([
      { bbox: [0, 0, 40, 40], iscrowd: 1 },
      { bbox: [0, 0, 10, 10] },
      { bbox: [50, 50, 10, 10] },
    ]);
    const results = [detection([1, 0, 10, 10], 0.9), detection([50, 50, 10, 10], 0.7)];
    const result = coco(gt, results);
    // The first detection: IoU 90/110 with the box, crowd IoU 1. For t ≤ .8 it matches the box
    // (recall 1, precision 1); for t ≥ .85 the box is out of reach and it falls to the crowd region
    // (ignored): recall .5, pr [0, R1] → 51 × R1.
    for (let t = 0; t <= 6; t++) expect(recallAt(result, t)).toBe(1);
    expect(precisionCurve(result, 7)).toEqual(steps([R1, 51], [0, 50]));
    expect(result.summary.ar100).toBe(0.85);
    expect(result.summary.ap).toBe(0.8514851485148515); // np.mean([1.]*707 + ([R1]*51 + [0]*50)*3)

    // A duplicate inside a crowd region is ignored, where it would otherwise be a false positive.
    const boxes = [
      detection([0, 0, 10, 10], 0.9),
      detection([0, 0, 10, 10], 0.8),
      detection([50, 50, 10, 10], 0.7),
    ];
    expect(coco(gt, boxes).summary.ap).toBe(1); // pr [R1, R1, 1] → 1
    const noCrowd = dataset([{ bbox: [0, 0, 10, 10] }, { bbox: [50, 50, 10, 10] }]);
    // pr [R1, .5, 2/3] → envelope [R1, 2/3, 2/3], rc [.5, .5, 1]: 51 × R1 then 50 × 2/3.
    expect(precisionCurve(coco(noCrowd, boxes), 0)).toEqual(steps([R1, 51], [2 / 3, 50]));
    expect(coco(noCrowd, boxes).summary.ap).toBe(0.8349834983498348);
  });

  it("reads only iscrowd, not 'ignore', as pycocotools' _prepare does", () => {
    const flagged = coco(dataset([{ bbox: [0, 0, 10, 10], ignore: 1 }]), []);
    expect(flagged.summary.ap).toBe(0);
  });

  it("sorts objects into area ranges by the annotation's area, bounds inclusive", () => {
    const gt = dataset([
      { bbox: [0, 0, 20, 20] }, // area 400: small
      { bbox: [100, 0, 40, 40] }, // 1600: medium
      { bbox: [200, 0, 100, 100] }, // 10000: large
      { bbox: [400, 0, 32, 32] }, // exactly 32²: small and medium
    ]);
    const results = [
      detection([600, 0, 100, 100], 0.95), // a large false positive
      detection([0, 0, 20, 20], 0.9),
      detection([100, 0, 40, 40], 0.8),
      detection([200, 0, 100, 100], 0.7),
      detection([400, 0, 32, 32], 0.6),
      detection([800, 0, 10, 10], 0.5), // a small false positive
    ];
    const result = coco(gt, results);
    // all: tp 0,1,2,3,4,4; fp 1,1,1,1,1,2 → pr [0, .5, 2/3, .75, 4/(5+e) = .8, 2/3] → .8 throughout.
    expect(precisionCurve(result, 0, 0, ALL)).toEqual(steps([0.8, 101]));
    expect(result.summary.ap).toBe(0.8000000000000002); // np.mean([.8]*1010): pairwise rounding
    // small (area ≤ 1024): the large false positive lies outside (ignored), detections of medium and
    // large objects matched ignored annotations (ignored); the small false positive counts:
    // tp 0,1,1,1,2,2; fp 0,0,0,0,0,1 → envelope 1 up to full recall.
    expect(result.summary.apSmall).toBe(1);
    // medium (1024 ≤ area ≤ 9216): the 32×32 object counts here too; both false positives lie outside.
    expect(result.summary.apMedium).toBe(1);
    // large: the large false positive ranks first: pr [0, .5] → .5.
    expect(result.summary.apLarge).toBe(0.5);
    expect(result.stats.slice(6)).toEqual([0, 1, 1, 1, 1, 1]);
    expect(precisionCurve(result, 0, 0, SMALL)).toEqual(steps([1, 101]));
    expect(recallAt(result, 0, 0, MEDIUM)).toBe(1);
    expect(recallAt(result, 0, 0, LARGE)).toBe(1);
  });

  it('uses the annotation area, not the box area, and keeps matched detections outside the range', () => {
    // A 100×100 box whose mask covers 500 px: a small object.
    const result = coco(dataset([{ bbox: [0, 0, 100, 100], area: 500 }]), [detection([0, 0, 100, 100], 0.9)]);
    expect(result.summary.apSmall).toBe(R1);
    expect(result.summary.apLarge).toBe(-1);
  });

  it('handles categories without ground truth as pycocotools does: −1, left out of the means', () => {
    const results = [detection([0, 0, 10, 10], 0.9, 1, 1)];
    const one = coco(dataset([{ bbox: [0, 0, 10, 10] }]), results);
    const gt = dataset([{ bbox: [0, 0, 10, 10] }], { categories: [3, 1, 2] });
    // Category 2: nothing. Category 3: detections only.
    const three = coco(gt, [...results, detection([0, 0, 10, 10], 0.99, 1, 3), detection([30, 0, 10, 10], 0.8, 1, 3)]);
    expect(three.params.categoryIds).toEqual([1, 2, 3]);
    expect(three.stats).toEqual(one.stats);
    expect(three.perClass.map((c) => [c.categoryId, c.ap, c.ar100, c.numDetections])).toEqual([
      [1, R1, 1, 1],
      [2, -1, -1, 0],
      [3, -1, -1, 2],
    ]);
    expect(precisionCurve(three, 0, 1)).toEqual(steps([-1, 101]));
  });

  it('counts only the best maxDets detections per image', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }, { bbox: [20, 0, 10, 10] }]);
    const result = coco(gt, [detection([50, 50, 10, 10], 0.9), detection([0, 0, 10, 10], 0.8), detection([20, 0, 10, 10], 0.7)]);
    // maxDets 1: only the false positive: recall 0, precision 0.
    expect(result.summary.ar1).toBe(0);
    expect(precisionCurve(result, 0, 0, ALL, MAXDET_1)).toEqual(steps([0, 101]));
    expect(result.summary.ar10).toBe(1);
    // maxDets 100: pr [0, .5, 2/3] → 2/3 throughout.
    expect(result.summary.ap).toBe(0.6666666666666666);
    expect(precisionCurve(result, 0, 0, ALL, MAXDET_100)).toEqual(steps([2 / 3, 101]));
  });

  it('drops detections past the 100th of an image, ties cut in results order', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }]);
    const misses = Array.from({ length: 100 }, (_, i) => detection([50 + i, 50, 10, 10], 0.5));
    const hit = detection([0, 0, 10, 10], 0.5);
    const hitLast = coco(gt, [...misses, hit]);
    expect(hitLast.summary.ap).toBe(0);
    expect(hitLast.summary.ar100).toBe(0);
    const hitFirst = coco(gt, [hit, ...misses]);
    expect(hitFirst.summary.ap).toBe(R1);
    expect(hitFirst.summary.ar100).toBe(1);
    // A lower score sorts the hit past the cut whatever its position in the results.
    expect(coco(gt, [detection([0, 0, 10, 10], 0.4), ...misses]).summary.ar100).toBe(0);
  });

  it('counts objects in an image without detections as missed', () => {
    const gt = dataset(
      [
        { bbox: [0, 0, 10, 10], image: 1 },
        { bbox: [0, 0, 10, 10], image: 2 },
      ],
      { images: [1, 2] },
    );
    const result = coco(gt, [detection([0, 0, 10, 10], 0.9, 1)]);
    // rc [.5], pr [R1]: 51 × R1, then 0.
    expect(precisionCurve(result, 0)).toEqual(steps([R1, 51], [0, 50]));
    expect(result.summary.ap).toBe(0.5049504950495048); // np.mean(([R1]*51 + [0]*50)*10)
    expect(result.summary.ar100).toBe(0.5);
  });

  it('scores empty results 0 where there is ground truth and −1 elsewhere', () => {
    // pycocotools' loadRes fails on an empty list (it reads anns[0]); COCOeval over a results set with
    // no detections gives recall 0 and precision 0, which is what this returns.
    const result = coco(dataset([{ bbox: [0, 0, 10, 10] }]), []);
    expect(result.stats).toEqual([0, 0, 0, 0, -1, -1, 0, 0, 0, 0, -1, -1]);
    const nothing = coco(dataset([]), []);
    expect(nothing.stats).toEqual(new Array(12).fill(-1));
    expect(nothing.perClass[0]!.ap).toBe(-1);
  });

  it("returns COCOeval's scores array: the score at which each recall point is reached", () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }, { bbox: [20, 0, 10, 10] }]);
    const result = coco(gt, [detection([0, 0, 10, 10], 0.9), detection([20, 0, 10, 10], 0.7)]);
    const R = 101;
    const at = (r: number) => result.scores.data[(((0 * R + r) * 1 + 0) * 4 + 0) * 3 + 2];
    expect([at(0), at(50), at(51), at(100)]).toEqual([0.9, 0.9, 0.7, 0.7]);
  });
});
