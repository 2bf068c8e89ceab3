import { expectLength, KernelArgumentError } from './checks.js';
import type { FoveaKernels } from './loader.js';

export interface NonMaxSuppressionOptions {
  /** The most boxes to select. */
  maxOutput: number;
  /** IoU at which a selected box suppresses another (default 0.5). */
  iouThreshold?: number;
  /** Boxes scoring at or below this are never selected (default -Infinity). */
  scoreThreshold?: number;
  /**
   * Soft-NMS instead of dropping overlapping boxes. 'gaussian' is tfjs's (V5,
   * nonMaxSuppressionWithScore): scores decay by exp(−IoU² / (2·sigma)) and boxes with IoU ≥
   * iouThreshold are still dropped (pass iouThreshold 1 for the pure Gaussian). 'linear' (Bodla et
   * al. 2017): scores of boxes with IoU ≥ iouThreshold are multiplied by 1 − IoU, none dropped.
   */
  softNms?: { method: 'gaussian'; sigma: number } | { method: 'linear' };
}

export interface BatchedNonMaxSuppressionOptions extends NonMaxSuppressionOptions {
  /** The most boxes to select per class (default maxOutput). */
  maxPerClass?: number;
}

export interface NonMaxSuppressionResult {
  /** Selected box indices, by descending score. */
  indices: Int32Array;
  /** Their scores (after soft-NMS decay). */
  scores: Float32Array;
}

const METHOD = { hard: 0, gaussian: 1, linear: 2 } as const;

interface Checked {
  n: number;
  maxOutput: number;
  iouThreshold: number;
  scoreThreshold: number;
  method: number;
  scale: number;
}

function check(boxes: Float32Array, scores: Float32Array, options: NonMaxSuppressionOptions): Checked {
  if (!(boxes instanceof Float32Array)) throw new KernelArgumentError('boxes: expected a Float32Array of [y1, x1, y2, x2] rows');
  if (!(scores instanceof Float32Array)) throw new KernelArgumentError('scores: expected a Float32Array');
  const n = scores.length;
  expectLength('boxes', boxes, 4 * n, `4 per score (${n} scores)`);
  const { maxOutput, iouThreshold = 0.5, scoreThreshold = Number.NEGATIVE_INFINITY, softNms } = options;
  if (!Number.isInteger(maxOutput) || maxOutput < 0) throw new KernelArgumentError(`maxOutput: got ${maxOutput}, expected a non-negative integer`);
  if (!(iouThreshold >= 0 && iouThreshold <= 1)) throw new KernelArgumentError(`iouThreshold: got ${iouThreshold}, expected a number in [0, 1]`);
  if (Number.isNaN(scoreThreshold)) throw new KernelArgumentError('scoreThreshold: got NaN, expected a number');
  let method: number = METHOD.hard;
  let scale = 0;
  if (softNms !== undefined) {
    if (softNms.method === 'gaussian') {
      if (!(softNms.sigma >= 0)) throw new KernelArgumentError(`softNms.sigma: got ${softNms.sigma}, expected a number ≥ 0`);
      // sigma 0 is hard NMS, as in tfjs.
      if (softNms.sigma > 0) {
        method = METHOD.gaussian;
        scale = -0.5 / softNms.sigma;
      }
    } else if (softNms.method === 'linear') {
      method = METHOD.linear;
    } else {
      throw new KernelArgumentError(`softNms.method: got '${(softNms as { method: string }).method}', expected 'gaussian' or 'linear'`);
    }
  }
  return { n, maxOutput: Math.min(maxOutput, n), iouThreshold, scoreThreshold, method, scale };
}

/**
 * Floats of scratch assembly/nms.ts needs for n boxes and classCount classes: per box its cached
 * corners and area (40 bytes), a candidate slot (4), a queue entry (16), a selection's score (8),
 * corners and area (40) and box (4); then 12 bytes per class.
 */
function scratchFloats(n: number, classCount: number): number {
  return Math.ceil((n * 112 + 12 * Math.max(classCount, 1) + 64) / 4);
}

function result(kernels: FoveaKernels, selected: number, selectedScores: number, count: number): NonMaxSuppressionResult {
  const buffer = kernels.exports.memory.buffer;
  return {
    indices: new Int32Array(buffer, selected, count).slice(),
    scores: new Float32Array(buffer, selectedScores, count).slice(),
  };
}

/**
 * Non-maximum suppression as tf.image.nonMaxSuppression (and, with softNms Gaussian,
 * nonMaxSuppressionWithScore) compute it: boxes [n, 4] as [y1, x1, y2, x2] (either corner first),
 * scores [n]; the selected indices by descending score, with their scores.
 */
export function nonMaxSuppression(
  kernels: FoveaKernels, boxes: Float32Array, scores: Float32Array, options: NonMaxSuppressionOptions,
): NonMaxSuppressionResult {
  const { n, maxOutput, iouThreshold, scoreThreshold, method, scale } = check(boxes, scores, options);
  const { arena } = kernels;
  arena.reset();
  const boxesPtr = arena.allocFrom(boxes);
  const scoresPtr = arena.allocFrom(scores);
  const scratch = arena.alloc(scratchFloats(n, 0));
  const selected = arena.alloc(maxOutput);
  const selectedScores = arena.alloc(maxOutput);
  const count = n === 0 || maxOutput === 0 ? 0 : kernels.exports.nonMaxSuppression(
    boxesPtr, scoresPtr, n, maxOutput, iouThreshold, scoreThreshold, method, scale, scratch, selected, selectedScores,
  );
  return result(kernels, selected, selectedScores, count);
}

/**
 * Class-aware (batched) NMS: as nonMaxSuppression, with classes [n] (non-negative integers) and
 * boxes suppressing only boxes of their own class; at most maxPerClass per class and maxOutput in
 * all, by descending score (ties to the lower index). One greedy pass over every class's boxes
 * compares each candidate with its own class's selections only: it selects exactly what one pass
 * over all boxes with each class shifted away from the others (torchvision's offset trick) would,
 * without IoUs between classes (and also at iouThreshold 0, where the trick's zero IoUs between
 * classes would suppress), and stops at maxOutput.
 */
export function batchedNonMaxSuppression(
  kernels: FoveaKernels, boxes: Float32Array, scores: Float32Array, classes: Int32Array, options: BatchedNonMaxSuppressionOptions,
): NonMaxSuppressionResult & { classes: Int32Array } {
  const { n, maxOutput, iouThreshold, scoreThreshold, method, scale } = check(boxes, scores, options);
  if (!(classes instanceof Int32Array)) throw new KernelArgumentError('classes: expected an Int32Array');
  expectLength('classes', classes, n, `one per score (${n})`);
  let classCount = 0;
  for (let i = 0; i < n; i++) {
    const c = classes[i]!;
    if (c < 0) throw new KernelArgumentError(`classes: got ${c} at ${i}, expected non-negative class indices`);
    if (c >= classCount) classCount = c + 1;
  }
  const { maxPerClass = maxOutput } = options;
  if (!Number.isInteger(maxPerClass) || maxPerClass < 0) throw new KernelArgumentError(`maxPerClass: got ${maxPerClass}, expected a non-negative integer`);
  const { arena } = kernels;
  arena.reset();
  const boxesPtr = arena.allocFrom(boxes);
  const scoresPtr = arena.allocFrom(scores);
  const classesPtr = arena.allocFrom(classes);
  const scratch = arena.alloc(scratchFloats(n, classCount));
  const selected = arena.alloc(maxOutput);
  const selectedScores = arena.alloc(maxOutput);
  const count = n === 0 || maxOutput === 0 ? 0 : kernels.exports.batchedNonMaxSuppression(
    boxesPtr, scoresPtr, classesPtr, n, classCount, maxOutput, Math.min(maxPerClass, n), iouThreshold, scoreThreshold, method, scale,
    scratch, selected, selectedScores,
  );
  const picked = result(kernels, selected, selectedScores, count);
  return { ...picked, classes: picked.indices.map((i) => classes[i]!) };
}
