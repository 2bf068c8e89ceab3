// PASCAL VOC average precision at IoU > 0.5, as py-faster-rcnn's voc_eval / voc_ap compute it:
// 'voc2007' the 11-point interpolated AP of VOC2007, 'voc' the all-point AP of VOC2010 and later.
// Written from reading lib/datasets/voc_eval.py; where this differs (tie order, 0/0 precision,
// boxes in continuous coordinates, classes without ground truth) the README says why.
import { iouXywhUnchecked } from './iou.js';
import { argsortDescendingStable, numpyMean, numpySum } from './numpy_support.js';
import type { VocClassEvaluation, VocEvaluation } from './types.js';
import type { DetectionBox, EvaluationInput, GroundTruthBox } from './validate.js';

export const VOC_IOU_THRESHOLD = 0.5;

/** The 11 recall points of VOC2007, as np.arange(0., 1.1, 0.1) makes them (i * 0.1: the 4th is 0.30000000000000004). */
export const VOC2007_RECALL_POINTS: readonly number[] = Object.freeze(Array.from({ length: 11 }, (_, i) => i * 0.1));

/** VOC2007's AP: the mean over 11 recall points of the best precision at that recall or more. */
export function elevenPointAp(recall: ArrayLike<number>, precision: ArrayLike<number>): number {
  let ap = 0;
  for (const point of VOC2007_RECALL_POINTS) {
    let best = 0;
    let any = false;
    for (let i = 0; i < recall.length; i++) {
      if (recall[i]! >= point && (!any || precision[i]! > best)) {
        best = precision[i]!;
        any = true;
      }
    }
    ap += best / 11;
  }
  return ap;
}

/** VOC2010+'s AP: the area under the precision envelope, summed where recall changes. */
export function allPointAp(recall: ArrayLike<number>, precision: ArrayLike<number>): number {
  const mrec = [0, ...Array.from(recall), 1];
  const mpre = [0, ...Array.from(precision), 0];
  for (let i = mpre.length - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1]!, mpre[i]!);
  const areas: number[] = [];
  for (let i = 0; i + 1 < mrec.length; i++) {
    if (mrec[i + 1] !== mrec[i]) areas.push((mrec[i + 1]! - mrec[i]!) * mpre[i + 1]!);
  }
  return numpySum(areas);
}

export function evaluateVoc(input: EvaluationInput, metric: 'voc2007' | 'voc'): VocEvaluation {
  const groundTruthsOf = input.categoryIds.map((): GroundTruthBox[] => []);
  for (const gt of input.groundTruths) groundTruthsOf[gt.categoryIndex]!.push(gt);
  const detectionsOf = input.categoryIds.map((): DetectionBox[] => []);
  for (const dt of input.detections) detectionsOf[dt.categoryIndex]!.push(dt);
  const perClass = input.categoryIds.map((categoryId, k): VocClassEvaluation => {
    const byImage = new Map<number, { boxes: GroundTruthBox[]; detected: boolean[] }>();
    let numGroundTruth = 0;
    for (const gt of groundTruthsOf[k]!) {
      let image = byImage.get(gt.imageIndex);
      if (image === undefined) {
        image = { boxes: [], detected: [] };
        byImage.set(gt.imageIndex, image);
      }
      image.boxes.push(gt);
      image.detected.push(false);
      if (!gt.difficult) numGroundTruth++;
    }
    const detections = detectionsOf[k]!;
    const order = argsortDescendingStable(detections.map((dt) => dt.score));
    const recall = new Float64Array(order.length);
    const precision = new Float64Array(order.length);
    let tp = 0;
    let fp = 0;
    order.forEach((index, j) => {
      const detection = detections[index]!;
      const image = byImage.get(detection.imageIndex);
      // The best overlap with any box of the class in the image, difficult or not, matched or not;
      // the first of equal overlaps (np.argmax).
      let best = Number.NEGATIVE_INFINITY;
      let match = -1;
      image?.boxes.forEach((gt, g) => {
        const overlap = iouXywhUnchecked(detection.bbox, gt.bbox);
        if (overlap > best) {
          best = overlap;
          match = g;
        }
      });
      if (image !== undefined && best > VOC_IOU_THRESHOLD) {
        // On a difficult box: neither a true nor a false positive.
        if (!image.boxes[match]!.difficult) {
          if (image.detected[match]) fp++;
          else {
            tp++;
            image.detected[match] = true;
          }
        }
      } else fp++;
      recall[j] = numGroundTruth > 0 ? tp / numGroundTruth : Number.NaN;
      // 0/0 (only difficult hits so far) is 0, as the VOC devkit's max() and Detectron's fix treat it.
      precision[j] = tp + fp > 0 ? tp / (tp + fp) : 0;
    });
    const ap = numGroundTruth === 0 ? -1 : metric === 'voc2007' ? elevenPointAp(recall, precision) : allPointAp(recall, precision);
    return { categoryId, name: input.categoryNames[k], ap, numGroundTruth, numDetections: detections.length, recall, precision };
  });
  const defined = perClass.filter((c) => c.numGroundTruth > 0).map((c) => c.ap);
  return { metric, mAP: defined.length === 0 ? -1 : numpyMean(defined), iouThreshold: VOC_IOU_THRESHOLD, perClass };
}
