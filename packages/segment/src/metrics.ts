// Semantic segmentation metrics from one confusion matrix accumulated over a whole dataset (the
// FCN paper's definitions, as torchvision's reference scripts and mmseg compute them), never as a
// mean of per-image scores. Conventions (README "Evaluation"):
// - pixels whose ground truth is the ignore index count nowhere;
// - a class absent from both ground truth and predictions has IoU (and accuracy) null, left out of
//   the means; a class predicted but absent from the ground truth has IoU 0 and counts;
// - a label outside 0..numClasses−1 (other than the ignore index in the ground truth) throws an
//   error naming the value and its position; masks of different shapes throw.
import * as tf from '@tensorflow/tfjs-core';

export interface SegmentationMetricsOptions {
  /** Number of classes; labels are 0..numClasses−1. */
  numClasses: number;
  /** Ground-truth label that marks pixels to ignore. Default 255. */
  ignoreIndex?: number;
}

export interface SegmentationScores {
  /** Correct pixels / counted pixels (null when no pixel counted). */
  pixelAccuracy: number | null;
  /** Mean over classes present in the ground truth of their recall (correct / ground-truth pixels). */
  meanAccuracy: number | null;
  /** Mean of perClassIoU over the classes whose IoU is not null. */
  meanIoU: number | null;
  /** TP / (TP + FP + FN) per class; null where the class is in neither ground truth nor predictions. */
  perClassIoU: (number | null)[];
  /** Recall per class; null where the class is absent from the ground truth. */
  perClassAccuracy: (number | null)[];
  /** Σ over classes of (ground-truth pixels of the class / counted pixels) · IoU. */
  frequencyWeightedIoU: number | null;
  /** confusion[g][p]: counted pixels with ground truth g predicted as p. */
  confusion: number[][];
}

/** Masks as int32 tensors [N, H, W] or [H, W], or their values with a shape. */
export type MaskInput = tf.Tensor | { values: ArrayLike<number>; shape: number[] };

function checkOptions(options: SegmentationMetricsOptions): { numClasses: number; ignoreIndex: number } {
  if (options === null || typeof options !== 'object') throw new Error(`SegmentationMetrics: options must be { numClasses, ignoreIndex }, got ${String(options)}`);
  const { numClasses } = options;
  const ignoreIndex = options.ignoreIndex ?? 255;
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 65_536) {
    throw new Error(`SegmentationMetrics: numClasses must be an integer in 1..65536, got ${JSON.stringify(numClasses)}`);
  }
  if (!Number.isInteger(ignoreIndex) || (ignoreIndex >= 0 && ignoreIndex < numClasses)) {
    throw new Error(`SegmentationMetrics: ignoreIndex must be an integer outside 0..${numClasses - 1}, got ${JSON.stringify(ignoreIndex)}`);
  }
  return { numClasses, ignoreIndex };
}

function maskValues(name: string, mask: MaskInput): { values: ArrayLike<number>; shape: number[] } {
  if (mask instanceof tf.Tensor) {
    if (mask.dtype !== 'int32') throw new Error(`${name}: expected an int32 tensor of class indices, got dtype ${mask.dtype}`);
    if (mask.rank !== 2 && mask.rank !== 3) throw new Error(`${name}: expected shape [N, H, W] or [H, W], got [${mask.shape}]`);
    return { values: mask.dataSync() as Int32Array, shape: mask.shape };
  }
  if (mask === null || typeof mask !== 'object' || !Array.isArray(mask.shape) || mask.values == null) {
    throw new Error(`${name}: expected an int32 tensor or { values, shape }, got ${String(mask)}`);
  }
  const size = mask.shape.reduce((a, b) => a * b, 1);
  if ((mask.shape.length !== 2 && mask.shape.length !== 3) || mask.values.length !== size) {
    throw new Error(`${name}: expected shape [N, H, W] or [H, W] with as many values, got shape [${mask.shape}] and ${mask.values.length} values`);
  }
  return mask;
}

/** "[n, y, x]" (or "[y, x]") of flat index i in a mask of `shape`. */
function position(i: number, shape: number[]): string {
  const coordinates: number[] = [];
  let rest = i;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    coordinates.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return `[${coordinates.join(', ')}]`;
}

/** Accumulates a confusion matrix over batches: `update(gt, pred)` as often as needed, then `compute()`. */
export class SegmentationMetrics {
  readonly numClasses: number;
  readonly ignoreIndex: number;
  /** Row-major [numClasses, numClasses] counts: row = ground truth, column = prediction. */
  private readonly counts: Float64Array;

  constructor(options: SegmentationMetricsOptions) {
    const { numClasses, ignoreIndex } = checkOptions(options);
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /**
   * Add a batch: ground truth and predictions of the same shape ([N, H, W] or [H, W]). Every value
   * is checked before any is counted, so a failed update leaves the counts as they were.
   */
  update(groundTruth: MaskInput, prediction: MaskInput): this {
    const gt = maskValues('SegmentationMetrics.update: groundTruth', groundTruth);
    const pred = maskValues('SegmentationMetrics.update: prediction', prediction);
    if (gt.shape.length !== pred.shape.length || gt.shape.some((d, i) => d !== pred.shape[i])) {
      throw new Error(`SegmentationMetrics.update: groundTruth has shape [${gt.shape}] and prediction [${pred.shape}]; expected equal shapes`);
    }
    const { numClasses: classes, ignoreIndex } = this;
    const g = gt.values;
    const p = pred.values;
    for (let i = 0; i < g.length; i++) {
      const label = g[i]!;
      if (!(Number.isInteger(label) && ((label >= 0 && label < classes) || label === ignoreIndex))) {
        throw new Error(`SegmentationMetrics.update: groundTruth${position(i, gt.shape)} = ${label}, expected 0..${classes - 1} or the ignore index ${ignoreIndex}`);
      }
      const predicted = p[i]!;
      if (!(Number.isInteger(predicted) && predicted >= 0 && predicted < classes)) {
        throw new Error(`SegmentationMetrics.update: prediction${position(i, pred.shape)} = ${predicted}, expected 0..${classes - 1}`);
      }
    }
    const counts = this.counts;
    for (let i = 0; i < g.length; i++) {
      const label = g[i]!;
      if (label !== ignoreIndex) counts[label * classes + p[i]!]! += 1;
    }
    return this;
  }

  /** Forget every pixel counted so far. */
  reset(): this {
    this.counts.fill(0);
    return this;
  }

  /** The confusion matrix as rows (ground truth) of columns (prediction). */
  confusionMatrix(): number[][] {
    const n = this.numClasses;
    return Array.from({ length: n }, (_, g) => Array.from(this.counts.subarray(g * n, (g + 1) * n)));
  }

  compute(): SegmentationScores {
    return scoresFromConfusion(this.confusionMatrix());
  }
}

/** The scores of a confusion matrix (rows ground truth, columns prediction), as SegmentationMetrics.compute. */
export function scoresFromConfusion(confusion: number[][]): SegmentationScores {
  const n = confusion.length;
  const gtTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const predTotals = Array.from({ length: n }, (_, p) => confusion.reduce((sum, row) => sum + row[p]!, 0));
  const diagonal = confusion.map((row, c) => row[c]!);
  const total = gtTotals.reduce((a, b) => a + b, 0);
  const correct = diagonal.reduce((a, b) => a + b, 0);
  const perClassIoU = diagonal.map((tp, c) => {
    const union = gtTotals[c]! + predTotals[c]! - tp;
    return union === 0 ? null : tp / union;
  });
  const perClassAccuracy = diagonal.map((tp, c) => (gtTotals[c] === 0 ? null : tp / gtTotals[c]!));
  const mean = (values: (number | null)[]): number | null => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
  };
  let frequencyWeightedIoU: number | null = null;
  if (total > 0) {
    frequencyWeightedIoU = 0;
    perClassIoU.forEach((iou, c) => {
      if (iou !== null) frequencyWeightedIoU! += (gtTotals[c]! / total) * iou;
    });
  }
  return {
    pixelAccuracy: total === 0 ? null : correct / total,
    meanAccuracy: mean(perClassAccuracy),
    meanIoU: mean(perClassIoU),
    perClassIoU,
    perClassAccuracy,
    frequencyWeightedIoU,
    confusion: confusion.map((row) => [...row]),
  };
}

/**
 * Scores of predictions against ground truth over a whole set at once: int32 masks [N, H, W] or
 * [H, W], one confusion matrix over every pixel (the same numbers as the accumulator fed batch by batch).
 */
export function evaluateSegmentation(groundTruth: MaskInput, prediction: MaskInput, options: SegmentationMetricsOptions): SegmentationScores {
  return new SegmentationMetrics(options).update(groundTruth, prediction).compute();
}
