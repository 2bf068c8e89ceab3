// The detection losses, as a small graph of dense elementwise ops over each scale's output map
// (no gather, slice or concat, whose gradients tfjs runs as slow scatter / split kernels). The
// assignment (assign.ts) runs in JS first, on the predictions read back from the forward pass; its
// results enter the graph as constant target and weight tensors, zero wherever a cell is not
// trained. Columns of a [rows, k] tensor are taken with a matMul by a one-hot column.
//
// Anchor-free (YOLOv8's v8DetectionLoss): CIoU box loss and DFL on the foreground anchors, weighted
// by their class targets, and BCE on every class logit, each normalised by the sum of the class
// targets; gains box 7.5, cls 0.5, dfl 1.5.
// Anchor-based (YOLOv5's ComputeLoss): CIoU box loss and BCE class loss averaged over each scale's
// positives, BCE objectness (target: the positive's detached IoU) averaged over each scale's cells
// and weighted 4.0 / 1.0 / 0.4 from P3 to P5; gains box 0.05, cls 0.5 · classes / 80, obj
// (imgsz / 640)², as YOLOv5 scales them for three scales.
import * as tf from '@tensorflow/tfjs-core';
import type { DetectorConfig } from '../model.js';
import {
  type AnchorPoints,
  anchorPoints,
  assignTaskAligned,
  boxIou,
  ciou,
  crowdCells,
  type Grid,
  type ImageTargets,
  matchAnchors,
  predictedBoxAnchorFree,
  type TalOptions,
} from './assign.js';

export interface LossOptions {
  /** Anchor-free gains (YOLOv8's defaults 7.5, 0.5, 1.5); anchor-based box/cls/obj gains (YOLOv5's, scaled as above). */
  box?: number;
  cls?: number;
  dfl?: number;
  obj?: number;
  tal?: TalOptions;
  /** Anchor-based: shape IoU for an anchor match. Default 0.2. */
  anchorIou?: number;
}

/** The loss and its parts (scalars; the parts without gradient use). */
export interface LossValue {
  total: tf.Scalar;
  parts: Record<string, tf.Scalar>;
}

const EPS = 1e-7;

/** Constants shared by every step: one-hot columns, DFL bins, anchor grids per batch shape. */
export class LossConstants {
  private readonly cache = new Map<string, tf.Tensor>();

  get(key: string, make: () => tf.Tensor): tf.Tensor {
    let t = this.cache.get(key);
    if (t === undefined) {
      t = tf.keep(make());
      this.cache.set(key, t);
    }
    return t;
  }

  /** Column k of a [rows, n] tensor, as a matMul by one-hot [n, 1]. */
  column(x: tf.Tensor2D, k: number): tf.Tensor2D {
    const n = x.shape[1];
    const e = this.get(`e${n}_${k}`, () => tf.oneHot(tf.tensor1d([k], 'int32'), n).reshape([n, 1]).toFloat());
    return tf.matMul(x, e as tf.Tensor2D);
  }

  dispose(): void {
    for (const t of this.cache.values()) t.dispose();
    this.cache.clear();
  }
}

/** Target boxes as the CIoU needs them: corner columns [rows, 1] and the fixed terms. */
interface TargetColumns {
  x1: tf.Tensor2D;
  y1: tf.Tensor2D;
  x2: tf.Tensor2D;
  y2: tf.Tensor2D;
  /** w · (h + ε). */
  area: tf.Tensor2D;
  /** atan(w / (h + ε)). */
  atan: tf.Tensor2D;
  /** The detached α of CIoU's aspect term, from the predictions read back. */
  alpha: tf.Tensor2D;
}

function targetColumns(boxes: Float32Array, alpha: Float32Array, rows: number): TargetColumns {
  const col = (k: number) => {
    const c = new Float32Array(rows);
    for (let r = 0; r < rows; r++) c[r] = boxes[r * 4 + k]!;
    return c;
  };
  const [x1, y1, x2, y2] = [col(0), col(1), col(2), col(3)];
  const area = new Float32Array(rows);
  const atan = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const w = x2[r]! - x1[r]!;
    const h = y2[r]! - y1[r]! + EPS;
    area[r] = w * h;
    atan[r] = Math.atan(w / h);
  }
  const t = (v: Float32Array) => tf.tensor2d(v, [rows, 1]);
  return { x1: t(x1), y1: t(y1), x2: t(x2), y2: t(y2), area: t(area), atan: t(atan), alpha: t(alpha) };
}

/** CIoU of predicted corners [rows, 4] with the targets, per row [rows, 1] (Ultralytics' bbox_iou). */
function ciouTensor(c: LossConstants, pred: tf.Tensor2D, t: TargetColumns): tf.Tensor2D {
  const [px1, py1, px2, py2] = [0, 1, 2, 3].map((k) => c.column(pred, k)) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const w1 = tf.sub(px2, px1);
  const h1 = tf.add(tf.sub(py2, py1), EPS);
  const iw = tf.relu(tf.sub(tf.minimum(px2, t.x2), tf.maximum(px1, t.x1)));
  const ih = tf.relu(tf.sub(tf.minimum(py2, t.y2), tf.maximum(py1, t.y1)));
  const inter = tf.mul(iw, ih);
  const union = tf.add(tf.sub(tf.add(tf.mul(w1, h1), t.area), inter), EPS);
  const iou = tf.div(inter, union);
  const cw = tf.sub(tf.maximum(px2, t.x2), tf.minimum(px1, t.x1));
  const ch = tf.sub(tf.maximum(py2, t.y2), tf.minimum(py1, t.y1));
  const c2 = tf.add(tf.add(tf.square(cw), tf.square(ch)), EPS);
  const dx = tf.sub(tf.add(t.x1, t.x2), tf.add(px1, px2));
  const dy = tf.sub(tf.add(t.y1, t.y2), tf.add(py1, py2));
  const rho2 = tf.mul(tf.add(tf.square(dx), tf.square(dy)), 0.25);
  const v = tf.mul(tf.square(tf.sub(t.atan, tf.atan(tf.div(w1, h1)))), 4 / Math.PI ** 2);
  return tf.sub(iou, tf.add(tf.div(rho2, c2), tf.mul(v, t.alpha))) as tf.Tensor2D;
}

/** BCE(z, t) = softplus(z) − z·t: binary cross-entropy on logits, elementwise. */
function bce(z: tf.Tensor, target: tf.Tensor): tf.Tensor {
  return tf.sub(tf.softplus(z), tf.mul(z, target));
}

function gridsOf(outputs: readonly tf.Tensor[], config: DetectorConfig, perScale: number): Grid[] {
  return config.strides.map((stride, i) => {
    const map = outputs[i * perScale]!;
    return { height: map.shape[1]!, width: map.shape[2]!, stride };
  });
}

/** YOLOv8's loss (see the file comment) for outputs [box_p3, cls_p3, box_p4, …] of one batch. */
export function anchorFreeLoss(c: LossConstants, outputs: readonly tf.Tensor[], targets: readonly ImageTargets[], config: DetectorConfig, options: LossOptions = {}): LossValue {
  const batch = outputs[0]!.shape[0]!;
  if (targets.length !== batch) throw new Error(`anchorFreeLoss: ${targets.length} target sets for a batch of ${batch}`);
  const R = config.regMax;
  const nc = config.classes;
  const grids = gridsOf(outputs, config, 2);
  const points: AnchorPoints = anchorPoints(grids);
  const box = grids.map((_, l) => outputs[2 * l]!.dataSync() as Float32Array);
  const cls = grids.map((_, l) => outputs[2 * l + 1]!.dataSync() as Float32Array);
  const assignments = targets.map((t, index) => assignTaskAligned(points, t, { box, cls, regMax: R, classes: nc, batch, index }, options.tal));
  let scoreSum = 0;
  for (const a of assignments) for (const s of a.score) scoreSum += s;
  const norm = Math.max(scoreSum, 1);

  const parts = { box: tf.scalar(0), cls: tf.scalar(0), dfl: tf.scalar(0) };
  const predicted = new Float64Array(4);
  grids.forEach((grid, l) => {
    const cells = grid.height * grid.width;
    const rows = batch * cells;
    const offset = points.offsets[l]!;
    const targetBoxes = new Float32Array(rows * 4);
    const boxWeight = new Float32Array(rows);
    const alpha = new Float32Array(rows);
    const dflTarget = new Float32Array(rows * 4 * R);
    const clsTarget = new Float32Array(rows * nc);
    const clsWeight = new Float32Array(rows * nc).fill(1 / norm);
    for (let b = 0; b < batch; b++) {
      const assignment = assignments[b]!;
      const t = targets[b]!;
      for (let cell = 0; cell < cells; cell++) {
        const a = offset + cell;
        const r = b * cells + cell;
        const ax = (cell % grid.width) + 0.5;
        const ay = Math.floor(cell / grid.width) + 0.5;
        const g = assignment.object[a]! - 1;
        if (g < 0) {
          // Background: a unit box on the cell centre keeps the CIoU finite; its weight is 0.
          targetBoxes.set([ax - 0.5, ay - 0.5, ax + 0.5, ay + 0.5], r * 4);
          if (assignment.ignore[a] === 1) clsWeight.fill(0, r * nc, (r + 1) * nc);
          continue;
        }
        const score = assignment.score[a]!;
        const [x1, y1, x2, y2] = [t.boxes[g * 4]! / grid.stride, t.boxes[g * 4 + 1]! / grid.stride, t.boxes[g * 4 + 2]! / grid.stride, t.boxes[g * 4 + 3]! / grid.stride];
        targetBoxes.set([x1, y1, x2, y2], r * 4);
        boxWeight[r] = score / norm;
        clsTarget[r * nc + t.classes[g]!] = score;
        predictedBoxAnchorFree({ box, cls, regMax: R, classes: nc, batch, index: b }, points, a, predicted);
        const s = grid.stride;
        alpha[r] = ciou(predicted[0]! / s, predicted[1]! / s, predicted[2]! / s, predicted[3]! / s, x1, y1, x2, y2).alpha;
        // DFL: each side's distance (in strides, clipped below regMax − 1) split between its two nearest bins.
        const distances = [ax - x1, ay - y1, x2 - ax, y2 - ay];
        distances.forEach((d, side) => {
          const clipped = Math.min(Math.max(d, 0), R - 1 - 0.01);
          const left = Math.floor(clipped);
          const row = (r * 4 + side) * R;
          const w = score / norm / 4;
          dflTarget[row + left] = (left + 1 - clipped) * w;
          dflTarget[row + left + 1] = (clipped - left) * w;
        });
      }
    }
    const boxMap = outputs[2 * l]!;
    const clsMap = outputs[2 * l + 1]!;
    // Each side's bins as a row: e = exp(z); distance = Σ j·e_j / Σ e_j and DFL's log-sum-exp =
    // log Σ e_j, with the row sums as matMuls (a [rows, 1] broadcast against [rows, R] would run
    // tfjs's slow generic broadcast, forward and in the softmax gradient). Logits are clipped to
    // ±30 so exp stays finite in float32.
    const logits = tf.clipByValue(tf.reshape(boxMap, [rows * 4, R]), -30, 30) as tf.Tensor2D;
    const e = tf.exp(logits);
    const bins = c.get(`bins${R}`, () => tf.range(0, R, 1, 'float32').reshape([R, 1]));
    const ones = c.get(`ones${R}`, () => tf.ones([R, 1]));
    const total = tf.matMul(e, ones as tf.Tensor2D);
    const distance = tf.reshape(tf.div(tf.matMul(e, bins as tf.Tensor2D), total), [rows, 4]);
    const anchors = c.get(`anchors_${batch}_${grid.height}_${grid.width}`, () => {
      const v = new Float32Array(rows * 4);
      for (let r = 0; r < rows; r++) {
        const cell = r % cells;
        const ax = (cell % grid.width) + 0.5;
        const ay = Math.floor(cell / grid.width) + 0.5;
        v.set([ax, ay, ax, ay], r * 4);
      }
      return tf.tensor2d(v, [rows, 4]);
    });
    const signs = c.get('ltrbSigns', () => tf.tensor1d([-1, -1, 1, 1]));
    const corners = tf.add(anchors, tf.mul(distance, signs)) as tf.Tensor2D;
    const columns = targetColumns(targetBoxes, alpha, rows);
    const iouTerm = tf.sub(1, ciouTensor(c, corners, columns));
    parts.box = tf.add(parts.box, tf.sum(tf.mul(tf.tensor2d(boxWeight, [rows, 1]), iouTerm)));
    // −Σ t·log softmax(z) = Σ_rows (Σ_j t_j) · log Σ e_j − Σ t·z.
    const rowWeight = new Float32Array(rows * 4);
    for (let k = 0; k < rows * 4; k++) {
      let w = 0;
      for (let j = 0; j < R; j++) w += dflTarget[k * R + j]!;
      rowWeight[k] = w;
    }
    const dfl = tf.sub(tf.sum(tf.mul(tf.tensor2d(rowWeight, [rows * 4, 1]), tf.log(total))), tf.sum(tf.mul(tf.tensor2d(dflTarget, [rows * 4, R]), logits)));
    parts.dfl = tf.add(parts.dfl, dfl);
    const shape = clsMap.shape;
    parts.cls = tf.add(parts.cls, tf.sum(tf.mul(tf.tensor(clsWeight, shape), bce(clsMap, tf.tensor(clsTarget, shape)))));
  });
  const gains = { box: options.box ?? 7.5, cls: options.cls ?? 0.5, dfl: options.dfl ?? 1.5 };
  const total = tf.addN([tf.mul(parts.box, gains.box), tf.mul(parts.cls, gains.cls), tf.mul(parts.dfl, gains.dfl)]) as tf.Scalar;
  return { total, parts };
}

/** YOLOv5's loss (see the file comment) for outputs [pred_p3, pred_p4, pred_p5] of one batch. */
export function anchorBasedLoss(c: LossConstants, outputs: readonly tf.Tensor[], targets: readonly ImageTargets[], config: DetectorConfig, options: LossOptions = {}): LossValue {
  const batch = outputs[0]!.shape[0]!;
  if (targets.length !== batch) throw new Error(`anchorBasedLoss: ${targets.length} target sets for a batch of ${batch}`);
  const nc = config.classes;
  const width = 5 + nc;
  const grids = gridsOf(outputs, config, 1);
  const gains = {
    box: options.box ?? 0.05,
    cls: options.cls ?? 0.5 * (nc / 80),
    obj: options.obj ?? (config.imgsz / 640) ** 2,
  };
  const balance = [4.0, 1.0, 0.4];
  const matches = targets.map((t) => matchAnchors(grids, config.anchors, t, { decode: config.anchorDecode, ...(options.anchorIou !== undefined ? { anchorIou: options.anchorIou } : {}) }));
  const parts = { box: tf.scalar(0), obj: tf.scalar(0), cls: tf.scalar(0) };
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  grids.forEach((grid, l) => {
    const na = config.anchors[l]!.length / 2;
    const cells = grid.height * grid.width;
    const rows = batch * cells * na;
    const data = outputs[l]!.dataSync() as Float32Array;
    const positives: { row: number; object: number; image: number; cellX: number; cellY: number; anchor: number }[] = [];
    matches.forEach((list, b) => {
      for (const m of list) {
        if (m.level !== l) continue;
        positives.push({ row: (b * cells + m.cellY * grid.width + m.cellX) * na + m.anchor, object: m.object, image: b, cellX: m.cellX, cellY: m.cellY, anchor: m.anchor });
      }
    });
    const npos = positives.length;
    const targetBoxes = new Float32Array(rows * 4);
    for (let r = 0; r < rows; r++) targetBoxes.set([0, 0, 1, 1], r * 4);
    const boxWeight = new Float32Array(rows);
    const alpha = new Float32Array(rows);
    const target = new Float32Array(rows * width);
    // Objectness weights (column 4 of every row) and class weights (positive rows' class columns).
    const weight = new Float32Array(rows * width);
    const classWeights = new Float32Array(rows * width);
    const objWeight = (gains.obj * balance[l]!) / rows;
    for (let r = 0; r < rows; r++) weight[r * width + 4] = objWeight;
    // Unmatched cells in crowd regions: no objectness loss.
    targets.forEach((t, b) => {
      const crowd = crowdCells(grid, t);
      for (let cell = 0; cell < cells; cell++) {
        if (crowd[cell] === 1) for (let a = 0; a < na; a++) weight[((b * cells + cell) * na + a) * width + 4] = 0;
      }
    });
    const anchorsWh = new Float32Array(rows * 4);
    for (let r = 0; r < rows; r++) {
      const a = r % na;
      anchorsWh[r * 4 + 2] = config.anchors[l]![2 * a]! / grid.stride;
      anchorsWh[r * 4 + 3] = config.anchors[l]![2 * a + 1]! / grid.stride;
    }
    for (const p of positives) {
      const t = targets[p.image]!;
      const g = p.object;
      const s = grid.stride;
      // Cell-relative target: centre minus the cell's corner, size in strides.
      const tx1 = t.boxes[g * 4]! / s - p.cellX;
      const ty1 = t.boxes[g * 4 + 1]! / s - p.cellY;
      const tx2 = t.boxes[g * 4 + 2]! / s - p.cellX;
      const ty2 = t.boxes[g * 4 + 3]! / s - p.cellY;
      targetBoxes.set([tx1, ty1, tx2, ty2], p.row * 4);
      boxWeight[p.row] = gains.box / npos;
      // The prediction as decoded, for the objectness target (its IoU) and CIoU's α.
      const o = p.row * width;
      const aw = anchorsWh[p.row * 4 + 2]!;
      const ah = anchorsWh[p.row * 4 + 3]!;
      const cx = sigmoid(data[o]!) * 2 - 0.5;
      const cy = sigmoid(data[o + 1]!) * 2 - 0.5;
      const w = config.anchorDecode === 'yolov5' ? (2 * sigmoid(data[o + 2]!)) ** 2 * aw : Math.exp(Math.min(Math.max(data[o + 2]!, -10), 10)) * aw;
      const h = config.anchorDecode === 'yolov5' ? (2 * sigmoid(data[o + 3]!)) ** 2 * ah : Math.exp(Math.min(Math.max(data[o + 3]!, -10), 10)) * ah;
      const [px1, py1, px2, py2] = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
      alpha[p.row] = ciou(px1, py1, px2, py2, tx1, ty1, tx2, ty2).alpha;
      target[o + 4] = Math.max(0, boxIou(px1, py1, px2, py2, tx1, ty1, tx2, ty2));
      weight[o + 4] = objWeight;
      const classWeight = gains.cls / (npos * nc);
      for (let k = 0; k < nc; k++) classWeights[o + 5 + k] = classWeight;
      target[o + 5 + t.classes[g]!] = 1;
    }
    const z = tf.reshape(outputs[l]!, [rows, width]) as tf.Tensor2D;
    const pick = c.get(`boxColumns${width}`, () => {
      const e = new Float32Array(width * 4);
      for (let k = 0; k < 4; k++) e[k * 4 + k] = 1;
      return tf.tensor2d(e, [width, 4]);
    });
    const t4 = tf.matMul(z, pick as tf.Tensor2D);
    const anchorsT = tf.tensor2d(anchorsWh, [rows, 4]);
    let cxcywh: tf.Tensor;
    if (config.anchorDecode === 'yolov5') {
      const s2 = tf.mul(tf.sigmoid(t4), 2);
      const xyMask = c.get('xyMask', () => tf.tensor1d([1, 1, 0, 0]));
      cxcywh = tf.add(tf.mul(tf.sub(s2, 0.5), xyMask), tf.mul(tf.square(s2), anchorsT));
    } else {
      const xyMask = c.get('xyMask', () => tf.tensor1d([1, 1, 0, 0]));
      const xy = tf.mul(tf.sub(tf.mul(tf.sigmoid(t4), 2), 0.5), xyMask);
      cxcywh = tf.add(xy, tf.mul(tf.exp(tf.clipByValue(t4, -10, 10)), anchorsT));
    }
    const toCorners = c.get('toCorners', () =>
      tf.tensor2d(
        [
          [1, 0, 1, 0],
          [0, 1, 0, 1],
          [-0.5, 0, 0.5, 0],
          [0, -0.5, 0, 0.5],
        ],
        [4, 4],
      ),
    );
    const corners = tf.matMul(cxcywh as tf.Tensor2D, toCorners as tf.Tensor2D);
    if (npos > 0) {
      const iouTerm = tf.sub(1, ciouTensor(c, corners as tf.Tensor2D, targetColumns(targetBoxes, alpha, rows)));
      parts.box = tf.add(parts.box, tf.sum(tf.mul(tf.tensor2d(boxWeight, [rows, 1]), iouTerm)));
    }
    // One BCE over the whole map; the weights pick objectness everywhere and classes at positives.
    const loss = bce(z, tf.tensor2d(target, [rows, width]));
    parts.obj = tf.add(parts.obj, tf.sum(tf.mul(tf.tensor2d(weight, [rows, width]), loss)));
    if (npos > 0) parts.cls = tf.add(parts.cls, tf.sum(tf.mul(tf.tensor2d(classWeights, [rows, width]), loss)));
  });
  const total = tf.addN([parts.box, parts.obj, parts.cls]) as tf.Scalar;
  return { total, parts };
}

/** The loss of a batch for the detector's head family. */
export function detectionLoss(c: LossConstants, outputs: readonly tf.Tensor[], targets: readonly ImageTargets[], config: DetectorConfig, options: LossOptions = {}): LossValue {
  return config.head === 'anchor-free' ? anchorFreeLoss(c, outputs, targets, config, options) : anchorBasedLoss(c, outputs, targets, config, options);
}
