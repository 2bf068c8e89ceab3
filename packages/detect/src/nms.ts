// Class-aware non-maximum suppression over decoded candidates, on tfjs's NMS op
// (tf.image.nonMaxSuppression*, which runs the backend's NonMaxSuppressionV3 kernel). Boxes of
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
}

function resolve(options: NmsOptions): ResolvedNms {
  const iou = options.iou ?? 0.45;
  const maxDet = options.maxDet ?? 300;
  const maxCandidates = options.maxCandidates ?? 30_000;
  if (typeof iou !== 'number' || !(iou >= 0 && iou <= 1)) throw new RangeError(`nms: iou must be a number in [0, 1], got ${String(iou)}`);
  if (!Number.isInteger(maxDet) || maxDet < 1) throw new RangeError(`nms: maxDet must be a positive integer, got ${String(maxDet)}`);
  if (!Number.isInteger(maxCandidates) || maxCandidates < 1) throw new RangeError(`nms: maxCandidates must be a positive integer, got ${String(maxCandidates)}`);
  return { iou, maxDet, agnostic: options.agnostic ?? false, maxCandidates };
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

function merge(candidates: Candidates, kept: number[], maxDet: number): Detections {
  kept.sort((a, b) => candidates.scores[b]! - candidates.scores[a]! || a - b);
  const count = Math.min(kept.length, maxDet);
  const out: Detections = { boxes: new Float32Array(count * 4), scores: new Float32Array(count), classes: new Int32Array(count), count };
  for (let k = 0; k < count; k++) {
    const i = kept[k]!;
    out.boxes.set(candidates.boxes.subarray(i * 4, i * 4 + 4), k * 4);
    out.scores[k] = candidates.scores[i]!;
    out.classes[k] = candidates.classes[i]!;
  }
  return out;
}

/** Class-aware NMS (see the file comment), reading the op's result asynchronously. */
export async function nonMaxSuppression(candidates: Candidates, options: NmsOptions = {}): Promise<Detections> {
  const o = resolve(options);
  const order = ranked(candidates, o.maxCandidates);
  const kept: number[] = [];
  for (const group of groups(candidates, order, o.agnostic)) {
    if (group.length === 1) {
      kept.push(group[0]!);
      continue;
    }
    const [boxes, scores] = groupTensors(candidates, group);
    const selected = await tf.image.nonMaxSuppressionAsync(boxes, scores, o.maxDet, o.iou, Number.NEGATIVE_INFINITY);
    const indices = await selected.data();
    tf.dispose([boxes, scores, selected]);
    for (const k of indices) kept.push(group[k]!);
  }
  return merge(candidates, kept, o.maxDet);
}

/** The same as nonMaxSuppression, synchronously (blocks on the op's result). */
export function nonMaxSuppressionSync(candidates: Candidates, options: NmsOptions = {}): Detections {
  const o = resolve(options);
  const order = ranked(candidates, o.maxCandidates);
  const kept: number[] = [];
  for (const group of groups(candidates, order, o.agnostic)) {
    if (group.length === 1) {
      kept.push(group[0]!);
      continue;
    }
    const indices = tf.tidy(() => {
      const [boxes, scores] = groupTensors(candidates, group);
      return tf.image.nonMaxSuppression(boxes, scores, o.maxDet, o.iou, Number.NEGATIVE_INFINITY).dataSync();
    });
    for (const k of indices) kept.push(group[k]!);
  }
  return merge(candidates, kept, o.maxDet);
}
