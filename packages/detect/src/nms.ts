// Class-aware non-maximum suppression over decoded candidates, on tfjs's NMS ops
// (tf.image.nonMaxSuppression* and, for soft-NMS, nonMaxSuppressionWithScore*, which run the
// backend's NonMaxSuppressionV3 / V5 kernels: WASM ones on fovea-wasm). Boxes of
// different classes never suppress each other: the candidates are batched per class, one NMS call
// each (exact, unlike offsetting each class's boxes by a large constant, which costs float32 bits
// of the coordinates), then merged by score and cut to maxDet.
// tfjs's rule, kept here: a candidate is dropped when its IoU with a kept box is ≥ iou; equal
// scores keep the lower candidate index first.
import * as tf from '@tensorflow/tfjs-core';
import type { Candidates } from './decode.js';

export interface NmsOptions {
  /** IoU at or above which the lower-scored box is suppressed. Default 0.45. */
  iou?: number;
  /** Most detections kept per image. Default 300. */
  maxDet?: number;
  /** Suppress across classes too (one NMS over all candidates). Default false. */
  agnostic?: boolean;
  /** Most candidates considered, the highest-scored (Ultralytics' max_nms). Default 30,000. */
  maxCandidates?: number;
  /**
   * Soft-NMS (tfjs's Gaussian rule, Bodla et al. 2017): above 0, a box overlapping a kept one by
   * IoU o below `iou` has its score multiplied by exp(−o² / (2·sigma)) instead of being kept as is;
   * at or above `iou` it is still dropped. Default 0 (hard NMS).
   */
  softNmsSigma?: number;
  /** Soft-NMS drops a box whose decayed score falls to this or below. Default 0. */
  minScore?: number;
}

/** Kept detections, highest score first: boxes [x1, y1, x2, y2] (4 per detection). */
export interface Detections {
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
  count: number;
}

interface ResolvedNms {
  iou: number;
  maxDet: number;
  agnostic: boolean;
  maxCandidates: number;
  softNmsSigma: number;
  minScore: number;
}

function resolve(options: NmsOptions): ResolvedNms {
  const iou = options.iou ?? 0.45;
  const maxDet = options.maxDet ?? 300;
  const maxCandidates = options.maxCandidates ?? 30_000;
  if (typeof iou !== 'number' || !(iou >= 0 && iou <= 1)) throw new RangeError(`nms: iou must be a number in [0, 1], got ${String(iou)}`);
  if (!Number.isInteger(maxDet) || maxDet < 1) throw new RangeError(`nms: maxDet must be a positive integer, got ${String(maxDet)}`);
  if (!Number.isInteger(maxCandidates) || maxCandidates < 1) throw new RangeError(`nms: maxCandidates must be a positive integer, got ${String(maxCandidates)}`);
  const softNmsSigma = options.softNmsSigma ?? 0;
  const minScore = options.minScore ?? 0;
  if (typeof softNmsSigma !== 'number' || !(softNmsSigma >= 0 && Number.isFinite(softNmsSigma))) throw new RangeError(`nms: softNmsSigma must be a finite number ≥ 0, got ${String(softNmsSigma)}`);
  if (typeof minScore !== 'number' || Number.isNaN(minScore)) throw new RangeError(`nms: minScore must be a number, got ${String(minScore)}`);
  return { iou, maxDet, agnostic: options.agnostic ?? false, maxCandidates, softNmsSigma, minScore };
}

/** Candidate indices by descending score, equal scores by ascending index, at most `limit`. */
function ranked(candidates: Candidates, limit: number): Int32Array {
  const order = Array.from({ length: candidates.count }, (_, i) => i);
  const scores = candidates.scores;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return Int32Array.from(order.slice(0, limit));
}

/** The groups NMS runs on: one per class present (or one for all, agnostic), each in rank order. */
function groups(candidates: Candidates, order: Int32Array, agnostic: boolean): Int32Array[] {
  if (agnostic) return [order];
  const byClass = new Map<number, number[]>();
  for (const i of order) {
    const c = candidates.classes[i]!;
    const list = byClass.get(c);
    if (list === undefined) byClass.set(c, [i]);
    else list.push(i);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((c) => Int32Array.from(byClass.get(c)!));
}

/** tfjs's NMS inputs for one group: boxes as [y1, x1, y2, x2], scores. */
function groupTensors(candidates: Candidates, group: Int32Array): [tf.Tensor2D, tf.Tensor1D] {
  const boxes = new Float32Array(group.length * 4);
  const scores = new Float32Array(group.length);
  group.forEach((i, k) => {
    boxes[k * 4] = candidates.boxes[i * 4 + 1]!;
    boxes[k * 4 + 1] = candidates.boxes[i * 4]!;
    boxes[k * 4 + 2] = candidates.boxes[i * 4 + 3]!;
    boxes[k * 4 + 3] = candidates.boxes[i * 4 + 2]!;
    scores[k] = candidates.scores[i]!;
  });
  return [tf.tensor2d(boxes, [group.length, 4]), tf.tensor1d(scores)];
}

/** A kept candidate and its score after NMS (decayed by soft-NMS, else the candidate's). */
type Kept = [index: number, score: number];

function merge(candidates: Candidates, kept: Kept[], maxDet: number): Detections {
  kept.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const count = Math.min(kept.length, maxDet);
  const out: Detections = { boxes: new Float32Array(count * 4), scores: new Float32Array(count), classes: new Int32Array(count), count };
  for (let k = 0; k < count; k++) {
    const [i, score] = kept[k]!;
    out.boxes.set(candidates.boxes.subarray(i * 4, i * 4 + 4), k * 4);
    out.scores[k] = score;
    out.classes[k] = candidates.classes[i]!;
  }
  return out;
}

/** Keep what one group's NMS selected: hard NMS keeps the scores, soft-NMS reports decayed ones. */
function collect(kept: Kept[], candidates: Candidates, group: Int32Array, indices: ArrayLike<number>, scores: ArrayLike<number> | null): void {
  for (let k = 0; k < indices.length; k++) {
    const i = group[indices[k]!]!;
    kept.push([i, scores === null ? candidates.scores[i]! : scores[k]!]);
  }
}

/**
 * The groups that need an NMS call, in class order; a group of one needs none and is kept here
 * (soft-NMS drops it if its score is at or below minScore, as the op would).
 */
function groupsToSuppress(candidates: Candidates, o: ResolvedNms, kept: Kept[]): Int32Array[] {
  const out: Int32Array[] = [];
  for (const group of groups(candidates, ranked(candidates, o.maxCandidates), o.agnostic)) {
    if (group.length > 1) out.push(group);
    else if (group.length === 1 && (o.softNmsSigma === 0 || candidates.scores[group[0]!]! > o.minScore)) collect(kept, candidates, group, [0], null);
  }
  return out;
}

/** Class-aware NMS (see the file comment), reading the op's result asynchronously. */
export async function nonMaxSuppression(candidates: Candidates, options: NmsOptions = {}): Promise<Detections> {
  const o = resolve(options);
  const kept: Kept[] = [];
  for (const group of groupsToSuppress(candidates, o, kept)) {
    const [boxes, scores] = groupTensors(candidates, group);
    try {
      if (o.softNmsSigma > 0) {
        const selected = await tf.image.nonMaxSuppressionWithScoreAsync(boxes, scores, o.maxDet, o.iou, o.minScore, o.softNmsSigma);
        const [selectedIndices, selectedScores] = [selected.selectedIndices!, selected.selectedScores!];
        const [indices, decayed] = await Promise.all([selectedIndices.data(), selectedScores.data()]);
        tf.dispose([selectedIndices, selectedScores]);
        collect(kept, candidates, group, indices, decayed);
      } else {
        const selected = await tf.image.nonMaxSuppressionAsync(boxes, scores, o.maxDet, o.iou, Number.NEGATIVE_INFINITY);
        const indices = await selected.data();
        selected.dispose();
        collect(kept, candidates, group, indices, null);
      }
    } finally {
      tf.dispose([boxes, scores]);
    }
  }
  return merge(candidates, kept, o.maxDet);
}

/** The same as nonMaxSuppression, synchronously (blocks on the op's result). */
export function nonMaxSuppressionSync(candidates: Candidates, options: NmsOptions = {}): Detections {
  const o = resolve(options);
  const kept: Kept[] = [];
  for (const group of groupsToSuppress(candidates, o, kept)) {
    tf.tidy(() => {
      const [boxes, scores] = groupTensors(candidates, group);
      if (o.softNmsSigma > 0) {
        const selected = tf.image.nonMaxSuppressionWithScore(boxes, scores, o.maxDet, o.iou, o.minScore, o.softNmsSigma);
        collect(kept, candidates, group, selected.selectedIndices!.dataSync(), selected.selectedScores!.dataSync());
      } else {
        collect(kept, candidates, group, tf.image.nonMaxSuppression(boxes, scores, o.maxDet, o.iou, Number.NEGATIVE_INFINITY).dataSync(), null);
      }
    });
  }
  return merge(candidates, kept, o.maxDet);
}
