// VOC AP as py-faster-rcnn's voc_eval computes it. The worked PR curve's numbers were checked with
// numpy 1.24.2 by running voc_ap's two formulas over rec/prec from tp = cumsum([1,0,1,0,0,1]),
// fp = cumsum([0,1,0,1,1,0]), npos = 4:
//   11-point: sum over t in np.arange(0., 1.1, 0.1) of max(prec[rec >= t]) / 11   → 0.5454545454545454
//   all-point: np.sum(Δmrec * envelope(mpre)) where recall changes                 → 0.5416666666666666
import { describe, expect, it } from 'vitest';
import { evaluateDetections } from './index.js';
import { dataset, detection } from './test_support.js';
import type { VocEvaluation } from './types.js';
import { allPointAp, elevenPointAp } from './voc_eval.js';

function voc(metric: 'voc2007' | 'voc', ...args: Parameters<typeof evaluateDetections>): VocEvaluation {
  return evaluateDetections(args[0], args[1], { metric });
}

const fourImages = dataset(
  [1, 2, 3, 4].map((image) => ({ bbox: [0, 0, 10, 10] as [number, number, number, number], image })),
  { images: [1, 2, 3, 4] },
);
// Highest score first: TP, FP (far away), TP, FP (second hit on image 1), FP (IoU 0.4), TP.
const workedResults = [
  detection([0, 0, 10, 10], 0.9, 1),
  detection([50, 50, 10, 10], 0.8, 2),
  detection([0, 0, 10, 10], 0.7, 2),
  detection([0, 0, 10, 10], 0.6, 1),
  detection([0, 0, 4, 10], 0.5, 3),
  detection([0, 0, 10, 10], 0.4, 3),
];

describe("evaluateDetections 'voc2007' / 'voc'", () => {
  it('computes the 11-point and all-point AP of a worked PR curve', () => {
    // rec [.25, .25, .5, .5, .5, .75], prec [1, .5, 2/3, .5, .4, .5].
    // 11-point: t = 0, .1, .2 → 1; .3, .4, .5 → 2/3; .6, .7 → .5; .8 … 1 → 0: (3 + 2 + 1) / 11.
    // All-point: .25 × 1 + .25 × 2/3 + .25 × .5 + .25 × 0 = 13/24.
    const v07 = voc('voc2007', fourImages, workedResults);
    const v10 = voc('voc', fourImages, workedResults);
    expect(Array.from(v07.perClass[0]!.recall)).toEqual([0.25, 0.25, 0.5, 0.5, 0.5, 0.75]);
    expect(Array.from(v07.perClass[0]!.precision)).toEqual([1, 0.5, 2 / 3, 0.5, 0.4, 0.5]);
    expect(v07.perClass[0]!.ap).toBe(0.5454545454545454);
    expect(v10.perClass[0]!.ap).toBe(0.5416666666666666);
    expect(v07.mAP).toBe(0.5454545454545454);
    expect(v10).toMatchObject({ metric: 'voc', iouThreshold: 0.5, mAP: 0.5416666666666666 });
    expect(v10.perClass[0]).toMatchObject({ categoryId: 1, name: 'class 1', numGroundTruth: 4, numDetections: 6 });
    expect(elevenPointAp([0.25, 0.25, 0.5, 0.5, 0.5, 0.75], [1, 0.5, 2 / 3, 0.5, 0.4, 0.5])).toBe(0.5454545454545454);
    expect(allPointAp([0.25, 0.25, 0.5, 0.5, 0.5, 0.75], [1, 0.5, 2 / 3, 0.5, 0.4, 0.5])).toBe(0.5416666666666666);
  });

  it('gives AP 1 for perfect detections and 0 for none', () => {
    const results = [1, 2, 3, 4].map((image) => detection([0, 0, 10, 10], 0.5, image));
    // voc_eval adds p / 11 eleven times: in numpy too, 11 × (1/11) sums to 1.0000000000000002.
    expect(voc('voc2007', fourImages, results).mAP).toBe(1.0000000000000002);
    expect(voc('voc', fourImages, results).mAP).toBe(1);
    expect(voc('voc2007', fourImages, []).mAP).toBe(0);
    expect(voc('voc', fourImages, []).mAP).toBe(0);
  });

  it('needs IoU above 0.5, where COCO takes 0.5 itself', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }]);
    const half = [detection([0, 0, 10, 5], 0.9)]; // IoU exactly 0.5
    expect(voc('voc', gt, half).mAP).toBe(0);
    expect(evaluateDetections(gt, half).summary.ap50).toBe(0.9999999999999999);
  });

  it('ignores difficult objects, and detections whose best overlap is one (iscrowd and ignore too)', () => {
    for (const flag of ['difficult', 'iscrowd', 'ignore'] as const) {
      const gt = dataset([
        { bbox: [0, 0, 10, 10], [flag]: 1 },
        { bbox: [0, 0, 10, 8] },
        { bbox: [50, 0, 10, 10] },
      ]);
      // The first detection overlaps the difficult box best (1 vs 0.8): neither TP nor FP, and the
      // object it also covers stays unfound. Then a TP on the third box.
      const result = voc('voc', gt, [detection([0, 0, 10, 10], 0.9), detection([50, 0, 10, 10], 0.8)]);
      const { perClass } = result;
      expect(perClass[0]!.numGroundTruth).toBe(2);
      // tp 0,1; fp 0,0: prec [0 (0/0), 1], rec [0, .5] → all-point .5.
      expect(Array.from(perClass[0]!.precision)).toEqual([0, 1]);
      expect(Array.from(perClass[0]!.recall)).toEqual([0, 0.5]);
      expect(result.mAP).toBe(0.5);
      // 11-point: t = 0 … .5 → 1 (6 points), the precision 0/0 read as 0, not NaN; six 1/11 added
      // in turn (numpy: 0.5454545454545455, one ulp above 6/11).
      expect(voc('voc2007', gt, [detection([0, 0, 10, 10], 0.9), detection([50, 0, 10, 10], 0.8)]).mAP).toBe(0.5454545454545455);
    }
  });

  it('counts a second detection of an object as a false positive', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }, { bbox: [50, 0, 10, 10] }]);
    const result = voc('voc', gt, [detection([0, 0, 10, 10], 0.9), detection([1, 0, 10, 10], 0.8), detection([50, 0, 10, 10], 0.7)]);
    // tp 1,1,2; fp 0,1,1: prec [1, .5, 2/3], rec [.5, .5, 1]: .5 × 1 + .5 × 2/3.
    expect(Array.from(result.perClass[0]!.precision)).toEqual([1, 0.5, 2 / 3]);
    expect(result.mAP).toBe(0.5 + 0.5 * (2 / 3));
  });

  it('keeps equal scores in results order', () => {
    const gt = dataset([{ bbox: [0, 0, 10, 10] }]);
    const hit = detection([0, 0, 10, 10], 0.5);
    const miss = detection([50, 0, 10, 10], 0.5);
    expect(voc('voc', gt, [hit, miss]).mAP).toBe(1);
    expect(voc('voc', gt, [miss, hit]).mAP).toBe(0.5);
  });

  it('gives −1 to categories without ground truth and leaves them out of the mean', () => {
    const gt = dataset(
      [
        { bbox: [0, 0, 10, 10], category: 1 },
        { bbox: [0, 0, 10, 10], category: 3, difficult: 1 },
      ],
      { categories: [1, 2, 3] },
    );
    const result = voc('voc', gt, [detection([0, 0, 10, 10], 0.9, 1, 1), detection([0, 0, 10, 10], 0.9, 1, 2)]);
    expect(result.perClass.map((c) => [c.categoryId, c.ap, c.numGroundTruth])).toEqual([
      [1, 1, 1],
      [2, -1, 0],
      [3, -1, 0],
    ]);
    expect(result.mAP).toBe(1);
    expect(voc('voc', dataset([]), []).mAP).toBe(-1);
  });

  it('does not need ids or areas on annotations', () => {
    const gt = {
      images: [{ id: 7 }],
      categories: [{ id: 1 }],
      annotations: [{ image_id: 7, category_id: 1, bbox: [0, 0, 10, 10] }],
    };
    expect(voc('voc', gt as never, [detection([0, 0, 10, 10], 1, 7)]).mAP).toBe(1);
  });
});
