// COCO box evaluation equal to pycocotools' COCOeval (iouType 'bbox', default parameters):
// evaluate() matches detections to annotations per image, category and area range; accumulate()
// builds the precision/recall arrays; summarize() reduces them to the 12 stats. Written from
// reading cocoeval.py, coco.py (loadRes) and maskApi.c (bbIou); the comments name the step each
// part reproduces where the reason is not obvious.
import { iouXywhUnchecked } from './iou.js';
import { argsortDescendingStable, linspace, NUMPY_SPACING_1, numpyMean } from './numpy_support.js';
import type {
  AreaRange,
  CocoClassEvaluation,
  CocoEvaluation,
  CocoSummary,
} from './types.js';
import type { DetectionBox, EvaluationInput, GroundTruthBox } from './validate.js';

/** IoU thresholds 0.50:0.05:0.95 as numpy.linspace(.5, .95, 10) gives them (the 9th is 0.8999999999999999). */
export const COCO_IOU_THRESHOLDS: readonly number[] = Object.freeze(linspace(0.5, 0.95, 10));
/** Recall points 0:0.01:1 as numpy.linspace(0, 1, 101) gives them (the 36th is 0.35000000000000003). */
export const COCO_RECALL_THRESHOLDS: readonly number[] = Object.freeze(linspace(0, 1, 101));
/** pycocotools' area ranges, bounds inclusive: an area of exactly 32² is both small and medium. */
export const COCO_AREA_RANGES: readonly AreaRange[] = Object.freeze(
  (
    [
      { label: 'all', min: 0, max: 1e10 },
      { label: 'small', min: 0, max: 32 ** 2 },
      { label: 'medium', min: 32 ** 2, max: 96 ** 2 },
      { label: 'large', min: 96 ** 2, max: 1e10 },
    ] as const
  ).map((range) => Object.freeze({ ...range })),
);
/** Detections per image considered, ascending; the last also caps what is matched at all. */
export const COCO_MAX_DETS: readonly number[] = Object.freeze([1, 10, 100]);

// What became of a detection at one IoU threshold.
const IGNORED = 0;
const TRUE_POSITIVE = 1;
const FALSE_POSITIVE = 2;

function outsideRange(area: number, range: AreaRange): boolean {
  return area < range.min || area > range.max;
}

/**
 * COCOeval.evaluateImg for one image and category in one area range: greedy matching of the image's
 * detections (highest score first, at most the last maxDets) to its annotations at every IoU
 * threshold. `ious[d * G + g]` pairs detection d with annotation g in the annotations' input order.
 * Writes the outcome of detection d at threshold t to `outcome[base + t * D + d]` and returns how
 * many annotations count (neither crowd nor outside the range).
 */
function evaluateImage(
  groundTruths: readonly GroundTruthBox[],
  detections: readonly DetectionBox[],
  ious: Float64Array,
  range: AreaRange,
  outcome: Uint8Array,
  base: number,
): number {
  const numThresholds = COCO_IOU_THRESHOLDS.length;
  const numGt = groundTruths.length;
  const numDt = detections.length;
  // Annotations that count first, ignored ones after, each group in input order (a stable sort).
  const order: number[] = [];
  for (let g = 0; g < numGt; g++) if (!groundTruths[g]!.iscrowd && !outsideRange(groundTruths[g]!.area, range)) order.push(g);
  const numCounted = order.length;
  for (let g = 0; g < numGt; g++) if (groundTruths[g]!.iscrowd || outsideRange(groundTruths[g]!.area, range)) order.push(g);
  const crowd = order.map((g) => groundTruths[g]!.iscrowd);
  const gtMatched = new Uint8Array(numGt);
  for (let t = 0; t < numThresholds; t++) {
    gtMatched.fill(0);
    for (let d = 0; d < numDt; d++) {
      let best = Math.min(COCO_IOU_THRESHOLDS[t]!, 1 - 1e-10);
      let match = -1;
      for (let g = 0; g < numGt; g++) {
        // A crowd region takes any number of detections; anything else at most one.
        if (gtMatched[g] && !crowd[g]) continue;
        // Once matched to an annotation that counts, never move to an ignored one.
        if (match > -1 && match < numCounted && g >= numCounted) break;
        const iou = ious[d * numGt + order[g]!]!;
        // Equal IoU moves the match to the later annotation, as COCOeval's `<` comparison does.
        if (iou < best) continue;
        best = iou;
        match = g;
      }
      if (match > -1) {
        // Matched: counted unless the annotation is ignored (crowd or outside the range).
        outcome[base + t * numDt + d] = match < numCounted ? TRUE_POSITIVE : IGNORED;
        gtMatched[match] = 1;
      } else {
        // Unmatched: a false positive, unless the detection lies outside the range.
        outcome[base + t * numDt + d] = outsideRange(detections[d]!.area, range) ? IGNORED : FALSE_POSITIVE;
      }
    }
  }
  return numCounted;
}

/** COCOeval.evaluate for one category: the images holding its annotations or detections. */
interface CategoryEvaluation {
  /** Per image, in ascending image id: how many detections it keeps (at most the last maxDets). */
  numDetections: number[];
  /** Per image: where its detections start in `scores` (and, times T, in each outcome array). */
  offsets: number[];
  /** Each image's kept detections' scores, highest first. */
  scores: Float64Array;
  /** Per area range: each image's [T, D] block of IGNORED / TRUE_POSITIVE / FALSE_POSITIVE. */
  outcomes: Uint8Array[];
  /** Per area range: the annotations that count, over all images. */
  numCounted: number[];
}

function evaluateCategory(cells: Map<number, { gts: GroundTruthBox[]; dts: DetectionBox[] }>): CategoryEvaluation {
  const T = COCO_IOU_THRESHOLDS.length;
  const maxDetsLast = COCO_MAX_DETS[COCO_MAX_DETS.length - 1]!;
  // Images without annotations or detections of the category have no entry (COCOeval's None).
  const images = [...cells.keys()].sort((a, b) => a - b);
  const ranked = images.map((image) => {
    const { dts } = cells.get(image)!;
    return argsortDescendingStable(dts.map((d) => d.score))
      .slice(0, maxDetsLast)
      .map((i) => dts[i]!);
  });
  const numDetections = ranked.map((dts) => dts.length);
  const offsets: number[] = [];
  let total = 0;
  for (const n of numDetections) {
    offsets.push(total);
    total += n;
  }
  const scores = new Float64Array(total);
  const outcomes = COCO_AREA_RANGES.map(() => new Uint8Array(T * total));
  const numCounted = COCO_AREA_RANGES.map(() => 0);
  images.forEach((image, i) => {
    const { gts } = cells.get(image)!;
    const dts = ranked[i]!;
    const ious = new Float64Array(dts.length * gts.length);
    dts.forEach((d, j) => {
      scores[offsets[i]! + j] = d.score;
      gts.forEach((g, k) => {
        ious[j * gts.length + k] = iouXywhUnchecked(d.bbox, g.bbox, g.iscrowd);
      });
    });
    COCO_AREA_RANGES.forEach((range, a) => {
      numCounted[a]! += evaluateImage(gts, dts, ious, range, outcomes[a]!, T * offsets[i]!);
    });
  });
  return { numDetections, offsets, scores, outcomes, numCounted };
}

/** Mean of the entries > −1, or −1 if there are none (COCOeval.summarize's rule). */
function meanOfDefined(values: number[]): number {
  const defined = values.filter((v) => v > -1);
  return defined.length === 0 ? -1 : numpyMean(defined);
}

export function evaluateCoco(input: EvaluationInput): CocoEvaluation {
  const T = COCO_IOU_THRESHOLDS.length;
  const R = COCO_RECALL_THRESHOLDS.length;
  const K = input.categoryIds.length;
  const A = COCO_AREA_RANGES.length;
  const M = COCO_MAX_DETS.length;

  // Group annotations and detections by category, then image, keeping their input order.
  const byCategory = Array.from({ length: K }, () => new Map<number, { gts: GroundTruthBox[]; dts: DetectionBox[] }>());
  const cell = (k: number, image: number) => {
    const images = byCategory[k]!;
    let entry = images.get(image);
    if (entry === undefined) {
      entry = { gts: [], dts: [] };
      images.set(image, entry);
    }
    return entry;
  };
  for (const gt of input.groundTruths) cell(gt.categoryIndex, gt.imageIndex).gts.push(gt);
  for (const dt of input.detections) cell(dt.categoryIndex, dt.imageIndex).dts.push(dt);

  // evaluate() and accumulate(), one category at a time.
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const at5 = (t: number, r: number, k: number, a: number, m: number) => (((t * R + r) * K + k) * A + a) * M + m;
  const at4 = (t: number, k: number, a: number, m: number) => ((t * K + k) * A + a) * M + m;
  for (let k = 0; k < K; k++) {
    const category = evaluateCategory(byCategory[k]!);
    const numImages = category.numDetections.length;
    if (numImages === 0) continue;
    for (let m = 0; m < M; m++) {
      const maxDet = COCO_MAX_DETS[m]!;
      // Each image's first maxDet detections, concatenated in image order, then one stable sort by
      // score across images: ties between images keep image order.
      const picked: number[] = [];
      // Where each picked detection's outcome sits at threshold 0, and the step to the next threshold
      // (its image's detection count).
      const block: number[] = [];
      const stride: number[] = [];
      for (let i = 0; i < numImages; i++) {
        const kept = Math.min(maxDet, category.numDetections[i]!);
        for (let d = 0; d < kept; d++) {
          picked.push(category.offsets[i]! + d);
          block.push(T * category.offsets[i]! + d);
          stride.push(category.numDetections[i]!);
        }
      }
      const nd = picked.length;
      const order = argsortDescendingStable(Float64Array.from(picked, (p) => category.scores[p]!));
      const sortedScores = Float64Array.from(order, (i) => category.scores[picked[i]!]!);
      const sortedBlock = Int32Array.from(order, (i) => block[i]!);
      const sortedStride = Int32Array.from(order, (i) => stride[i]!);
      const rc = new Float64Array(nd);
      const pr = new Float64Array(nd);
      for (let a = 0; a < A; a++) {
        const numCounted = category.numCounted[a]!;
        if (numCounted === 0) continue;
        const outcome = category.outcomes[a]!;
        for (let t = 0; t < T; t++) {
          let tp = 0;
          let fp = 0;
          for (let j = 0; j < nd; j++) {
            const result = outcome[sortedBlock[j]! + t * sortedStride[j]!];
            if (result === TRUE_POSITIVE) tp++;
            else if (result === FALSE_POSITIVE) fp++;
            rc[j] = tp / numCounted;
            pr[j] = tp / (fp + tp + NUMPY_SPACING_1);
          }
          recall[at4(t, k, a, m)] = nd > 0 ? rc[nd - 1]! : 0;
          // The precision envelope: each point takes the best precision at any higher recall.
          for (let i = nd - 1; i > 0; i--) {
            if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
          }
          // np.searchsorted(rc, recThrs, side='left'); recall points past the last one reached get 0.
          let p = 0;
          for (let r = 0; r < R; r++) {
            while (p < nd && rc[p]! < COCO_RECALL_THRESHOLDS[r]!) p++;
            precision[at5(t, r, k, a, m)] = p < nd ? pr[p]! : 0;
            scores[at5(t, r, k, a, m)] = p < nd ? sortedScores[p]! : 0;
          }
        }
      }
    }
  }

  // summarize(): means over the entries > −1 of a slice, in numpy's C order (t, r, k) / (t, k).
  const iouIndex = (threshold: number) => {
    const index = COCO_IOU_THRESHOLDS.indexOf(threshold);
    if (index < 0) throw new Error(`internal: IoU threshold ${threshold} is not among the thresholds`);
    return index;
  };
  const areaIndex = (label: AreaRange['label']) => COCO_AREA_RANGES.findIndex((range) => range.label === label);
  const maxDetIndex = (maxDets: number) => COCO_MAX_DETS.indexOf(maxDets);
  const allCategories = [...Array(K).keys()];
  const averagePrecision = (only: number | undefined, threshold: number | undefined, area: AreaRange['label'], maxDets: number) => {
    const thresholds = threshold === undefined ? [...Array(T).keys()] : [iouIndex(threshold)];
    const ks = only === undefined ? allCategories : [only];
    const a = areaIndex(area);
    const m = maxDetIndex(maxDets);
    const values: number[] = [];
    for (const t of thresholds) {
      for (let r = 0; r < R; r++) {
        for (const k of ks) values.push(precision[at5(t, r, k, a, m)]!);
      }
    }
    return meanOfDefined(values);
  };
  const averageRecall = (only: number | undefined, area: AreaRange['label'], maxDets: number) => {
    const ks = only === undefined ? allCategories : [only];
    const a = areaIndex(area);
    const m = maxDetIndex(maxDets);
    const values: number[] = [];
    for (let t = 0; t < T; t++) {
      for (const k of ks) values.push(recall[at4(t, k, a, m)]!);
    }
    return meanOfDefined(values);
  };
  const summarize = (only: number | undefined): CocoSummary => ({
    ap: averagePrecision(only, undefined, 'all', 100),
    ap50: averagePrecision(only, 0.5, 'all', 100),
    ap75: averagePrecision(only, 0.75, 'all', 100),
    apSmall: averagePrecision(only, undefined, 'small', 100),
    apMedium: averagePrecision(only, undefined, 'medium', 100),
    apLarge: averagePrecision(only, undefined, 'large', 100),
    ar1: averageRecall(only, 'all', 1),
    ar10: averageRecall(only, 'all', 10),
    ar100: averageRecall(only, 'all', 100),
    arSmall: averageRecall(only, 'small', 100),
    arMedium: averageRecall(only, 'medium', 100),
    arLarge: averageRecall(only, 'large', 100),
  });
  const summary = summarize(undefined);
  const numGroundTruth = new Array<number>(K).fill(0);
  const numDetections = new Array<number>(K).fill(0);
  for (const gt of input.groundTruths) if (!gt.iscrowd) numGroundTruth[gt.categoryIndex]! += 1;
  for (const dt of input.detections) numDetections[dt.categoryIndex]! += 1;
  const perClass = input.categoryIds.map(
    (categoryId, k): CocoClassEvaluation => ({
      categoryId,
      name: input.categoryNames[k],
      numGroundTruth: numGroundTruth[k]!,
      numDetections: numDetections[k]!,
      ...summarize(k),
    }),
  );
  return {
    metric: 'coco',
    stats: statsOf(summary),
    summary,
    perClass,
    precision: { shape: [T, R, K, A, M], data: precision },
    recall: { shape: [T, K, A, M], data: recall },
    scores: { shape: [T, R, K, A, M], data: scores },
    params: {
      iouThresholds: COCO_IOU_THRESHOLDS,
      recallThresholds: COCO_RECALL_THRESHOLDS,
      categoryIds: input.categoryIds,
      areaRanges: COCO_AREA_RANGES,
      maxDets: COCO_MAX_DETS,
      imageIds: input.imageIds,
    },
  };
}

/** COCOeval.stats' order. */
export function statsOf(summary: CocoSummary): number[] {
  return [
    summary.ap,
    summary.ap50,
    summary.ap75,
    summary.apSmall,
    summary.apMedium,
    summary.apLarge,
    summary.ar1,
    summary.ar10,
    summary.ar100,
    summary.arSmall,
    summary.arMedium,
    summary.arLarge,
  ];
}
