// evaluateDetections: one entry point for COCO and PASCAL VOC metrics over COCO-format inputs.
import { evaluateCoco } from './coco_eval.js';
import type { CocoDataset, CocoDetection, CocoEvaluation, DetectionMetric, EvaluateOptions, VocEvaluation } from './types.js';
import { validateInput } from './validate.js';
import { evaluateVoc } from './voc_eval.js';

const METRICS: readonly DetectionMetric[] = ['coco', 'voc2007', 'voc'];

/**
 * Scores detections against ground truth, both in COCO format.
 *
 * - `metric: 'coco'` (default): pycocotools' COCOeval for boxes: `stats` are its 12 numbers.
 * - `metric: 'voc2007'` / `'voc'`: PASCAL VOC AP at IoU > 0.5, 11-point / all-point.
 *
 * Throws a TypeError or RangeError naming the entry at fault for malformed input.
 */
export function evaluateDetections(cocoGt: CocoDataset, cocoResults: readonly CocoDetection[], options?: { metric?: 'coco' }): CocoEvaluation;
export function evaluateDetections(cocoGt: CocoDataset, cocoResults: readonly CocoDetection[], options: { metric: 'voc2007' | 'voc' }): VocEvaluation;
export function evaluateDetections(
  cocoGt: CocoDataset,
  cocoResults: readonly CocoDetection[],
  options?: EvaluateOptions,
): CocoEvaluation | VocEvaluation;
export function evaluateDetections(
  cocoGt: CocoDataset,
  cocoResults: readonly CocoDetection[],
  options: EvaluateOptions = {},
): CocoEvaluation | VocEvaluation {
  const metric = options.metric ?? 'coco';
  if (!METRICS.includes(metric)) {
    throw new RangeError(`evaluateDetections: options.metric is ${JSON.stringify(metric)}; expected one of ${METRICS.map((m) => `'${m}'`).join(', ')}`);
  }
  const input = validateInput(cocoGt, cocoResults, metric);
  return metric === 'coco' ? evaluateCoco(input) : evaluateVoc(input, metric);
}
