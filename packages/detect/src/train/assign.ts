// Target assignment, in plain JS over typed arrays and outside the gradient tape: which output
// cells learn which object, computed from the ground truth and (for the task-aligned assigner, and
// the objectness targets of the anchor-based head) the current predictions read back from the
// forward pass.
//
// Anchor-free: YOLOv8's task-aligned assigner (Feng et al., TOOD). For each object, the anchor
// points (cell centres of all three scales) inside its box are ranked by s^α · IoU^β (s the
// predicted score of the object's class, IoU the CIoU of the predicted box with the object's,
// α = 0.5, β = 6); the top 10 become positives; an anchor claimed by two objects goes to the one it
// overlaps more. Each positive's class target is its alignment, normalised per object so the best
// aligned anchor's target equals the object's best IoU. An object with no anchor point inside (a
// sliver cut by the border) takes the stride-8 anchor nearest its centre.
// Anchor-based: YOLOv5's build_targets with IoU matching: at each scale, the anchors whose shape
// (centred box of the anchor's size) overlaps the object's with IoU ≥ anchorIou, and always the
// best-matching anchor over all scales; with YOLOv5's decoding also only anchors within a size
// ratio of 4 (what (2σ)² can reach). Each match trains the object's cell and the two neighbours
// nearest its centre (the decoding's −0.5..1.5 offset reaches them).
// Crowd regions (iscrowd) are ignored: no anchor is assigned to them, and an anchor point inside
// one that is not assigned to an object gets no class / objectness loss (the members are objects,
// just not annotated one by one).
import { dflExpectation } from '../decode.js';

/** One training image's ground truth on the canvas: boxes [x1, y1, x2, y2] in pixels. */
export interface ImageTargets {
  boxes: Float32Array;
  /** Class index per box, 0-based. */
  classes: Int32Array;
  /** 1 for a crowd region (ignored), else 0. */
  crowd: Uint8Array;
}

/** A scale's grid: cells height × width, `stride` pixels apart. */
export interface Grid {
  height: number;
  width: number;
  stride: number;
}

export interface TalOptions {
  topk?: number;
  alpha?: number;
  beta?: number;
}

const EPS = 1e-7;

/** Complete IoU of two [x1, y1, x2, y2] boxes, as Ultralytics' bbox_iou(CIoU=True); also the plain IoU and the detached α·v. */
export function ciou(
  ax1: number,
  ay1: number,
  ax2: number,
  ay2: number,
  bx1: number,
  by1: number,
  bx2: number,
  by2: number,
): { ciou: number; iou: number; alpha: number } {
  const w1 = ax2 - ax1;
  const h1 = ay2 - ay1 + EPS;
  const w2 = bx2 - bx1;
  const h2 = by2 - by1 + EPS;
  const inter = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1)) * Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const union = w1 * h1 + w2 * h2 - inter + EPS;
  const iou = inter / union;
  const cw = Math.max(ax2, bx2) - Math.min(ax1, bx1);
  const ch = Math.max(ay2, by2) - Math.min(ay1, by1);
  const c2 = cw * cw + ch * ch + EPS;
  const rho2 = ((bx1 + bx2 - ax1 - ax2) ** 2 + (by1 + by2 - ay1 - ay2) ** 2) / 4;
  const v = (4 / Math.PI ** 2) * (Math.atan(w2 / h2) - Math.atan(w1 / h1)) ** 2;
  const alpha = v / (v - iou + (1 + EPS));
  return { ciou: iou - (rho2 / c2 + v * alpha), iou, alpha };
}

/** Plain IoU of two [x1, y1, x2, y2] boxes. */
export function boxIou(ax1: number, ay1: number, ax2: number, ay2: number, bx1: number, by1: number, bx2: number, by2: number): number {
  const inter = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1)) * Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

// ---------------------------------------------------------------------------------------------
// Anchor-free

/** The anchor points of all scales, flattened scale by scale, row-major: centres in pixels. */
export interface AnchorPoints {
  x: Float32Array;
  y: Float32Array;
  stride: Float32Array;
  /** Scale index of each anchor. */
  level: Uint8Array;
  /** First anchor index of each scale. */
  offsets: number[];
  count: number;
}

export function anchorPoints(grids: readonly Grid[]): AnchorPoints {
  const count = grids.reduce((n, g) => n + g.height * g.width, 0);
  const points: AnchorPoints = { x: new Float32Array(count), y: new Float32Array(count), stride: new Float32Array(count), level: new Uint8Array(count), offsets: [], count };
  let a = 0;
  for (const [level, g] of grids.entries()) {
    points.offsets.push(a);
    points.level.fill(level, a, a + g.height * g.width);
    for (let y = 0; y < g.height; y++) {
      for (let x = 0; x < g.width; x++, a++) {
        points.x[a] = (x + 0.5) * g.stride;
        points.y[a] = (y + 0.5) * g.stride;
        points.stride[a] = g.stride;
      }
    }
  }
  return points;
}

/** Where one image's anchor-free predictions are in the output maps (as read back). */
export interface AnchorFreePredictions {
  /** Per scale: box logits [batch, h, w, 4·regMax] and class logits [batch, h, w, classes]. */
  box: Float32Array[];
  cls: Float32Array[];
  regMax: number;
  classes: number;
  /** The batch size of the maps, and this image's index in it. */
  batch: number;
  index: number;
}

/** The assignment of one image's anchors (all scales, flattened as anchorPoints). */
export interface AnchorFreeAssignment {
  /** Assigned object + 1 per anchor (0: background). */
  object: Int32Array;
  /** The class target (normalised alignment) of each foreground anchor. */
  score: Float32Array;
  /** 1 where an unassigned anchor point lies in a crowd region. */
  ignore: Uint8Array;
}

/** The predicted box of anchor `a` in pixels (DFL expectation, as decodeAnchorFree). */
export function predictedBoxAnchorFree(p: AnchorFreePredictions, points: AnchorPoints, a: number, out: Float64Array): void {
  const level = points.level[a]!;
  const cells = p.cls[level]!.length / p.classes / p.batch;
  const offset = (p.index * cells + (a - points.offsets[level]!)) * 4 * p.regMax;
  const s = points.stride[a]!;
  const ax = points.x[a]! / s;
  const ay = points.y[a]! / s;
  const box = p.box[level]!;
  out[0] = (ax - dflExpectation(box, offset, p.regMax)) * s;
  out[1] = (ay - dflExpectation(box, offset + p.regMax, p.regMax)) * s;
  out[2] = (ax + dflExpectation(box, offset + 2 * p.regMax, p.regMax)) * s;
  out[3] = (ay + dflExpectation(box, offset + 3 * p.regMax, p.regMax)) * s;
}

/** The predicted score of class `cls` at anchor `a`. */
export function predictedScoreAnchorFree(p: AnchorFreePredictions, points: AnchorPoints, a: number, cls: number): number {
  const level = points.level[a]!;
  const cells = p.cls[level]!.length / p.classes / p.batch;
  return 1 / (1 + Math.exp(-p.cls[level]![(p.index * cells + (a - points.offsets[level]!)) * p.classes + cls]!));
}

/** YOLOv8's task-aligned assignment of one image (see the file comment). */
export function assignTaskAligned(
  points: AnchorPoints,
  targets: ImageTargets,
  predictions: AnchorFreePredictions,
  options: TalOptions = {},
): AnchorFreeAssignment {
  const topk = options.topk ?? 10;
  const alpha = options.alpha ?? 0.5;
  const beta = options.beta ?? 6;
  const A = points.count;
  const result: AnchorFreeAssignment = { object: new Int32Array(A), score: new Float32Array(A), ignore: new Uint8Array(A) };
  const G = targets.classes.length;
  // Per anchor, the best claim so far: overlap and alignment with the object that holds it.
  const claimOverlap = new Float32Array(A);
  const claimAlign = new Float32Array(A);
  const predicted = new Map<number, Float64Array>();
  const boxOf = (a: number): Float64Array => {
    let box = predicted.get(a);
    if (box === undefined) {
      box = new Float64Array(4);
      predictedBoxAnchorFree(predictions, points, a, box);
      predicted.set(a, box);
    }
    return box;
  };
  const scoreOf = (a: number, cls: number) => predictedScoreAnchorFree(predictions, points, a, cls);
  for (let g = 0; g < G; g++) {
    const x1 = targets.boxes[g * 4]!;
    const y1 = targets.boxes[g * 4 + 1]!;
    const x2 = targets.boxes[g * 4 + 2]!;
    const y2 = targets.boxes[g * 4 + 3]!;
    if (targets.crowd[g] === 1) {
      for (let a = 0; a < A; a++) {
        const px = points.x[a]!;
        const py = points.y[a]!;
        if (px > x1 && px < x2 && py > y1 && py < y2) result.ignore[a] = 1;
      }
      continue;
    }
    if (!(x2 > x1 && y2 > y1)) continue;
    const cls = targets.classes[g]!;
    const candidates: { a: number; align: number; overlap: number }[] = [];
    for (let a = 0; a < A; a++) {
      const px = points.x[a]!;
      const py = points.y[a]!;
      if (Math.min(px - x1, py - y1, x2 - px, y2 - py) <= 1e-9) continue;
      const box = boxOf(a);
      const overlap = Math.max(0, ciou(x1, y1, x2, y2, box[0]!, box[1]!, box[2]!, box[3]!).ciou);
      candidates.push({ a, align: scoreOf(a, cls) ** alpha * overlap ** beta, overlap });
    }
    if (candidates.length === 0) {
      // No anchor point inside: the stride-8 anchor nearest the centre.
      const cx = (x1 + x2) / 2;
      const cy = (y1 + y2) / 2;
      let nearest = 0;
      let best = Number.POSITIVE_INFINITY;
      const end = points.offsets[1] ?? A;
      for (let a = 0; a < end; a++) {
        const d = (points.x[a]! - cx) ** 2 + (points.y[a]! - cy) ** 2;
        if (d < best) {
          best = d;
          nearest = a;
        }
      }
      const box = boxOf(nearest);
      const overlap = Math.max(0, ciou(x1, y1, x2, y2, box[0]!, box[1]!, box[2]!, box[3]!).ciou);
      candidates.push({ a: nearest, align: scoreOf(nearest, cls) ** alpha * overlap ** beta, overlap });
    }
    candidates.sort((p, q) => q.align - p.align || p.a - q.a);
    for (const c of candidates.slice(0, topk)) {
      if (result.object[c.a] === 0 || c.overlap > claimOverlap[c.a]!) {
        result.object[c.a] = g + 1;
        claimOverlap[c.a] = c.overlap;
        claimAlign[c.a] = c.align;
      }
    }
  }
  // Normalise each object's alignments: its best anchor's target is its best overlap.
  const alignMax = new Float32Array(G);
  const overlapMax = new Float32Array(G);
  for (let a = 0; a < A; a++) {
    const g = result.object[a]! - 1;
    if (g < 0) continue;
    alignMax[g] = Math.max(alignMax[g]!, claimAlign[a]!);
    overlapMax[g] = Math.max(overlapMax[g]!, claimOverlap[a]!);
  }
  for (let a = 0; a < A; a++) {
    const g = result.object[a]! - 1;
    if (g < 0) continue;
    result.score[a] = (claimAlign[a]! * overlapMax[g]!) / (alignMax[g]! + 1e-9);
    result.ignore[a] = 0;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Anchor-based

export interface AnchorMatchOptions {
  /** Shape IoU at or above which an anchor is matched to an object. Default 0.2. */
  anchorIou?: number;
  /** With YOLOv5 decoding: largest object/anchor size ratio per side. Default 4. */
  anchorRatio?: number;
  decode: 'yolov5' | 'yolov3';
}

/** One positive (cell, anchor) of an anchor-based head: its object and the cell it trains. */
export interface AnchorMatch {
  level: number;
  anchor: number;
  cellX: number;
  cellY: number;
  object: number;
}

/** The shape IoU of two centred boxes w1×h1 and w2×h2. */
function shapeIou(w1: number, h1: number, w2: number, h2: number): number {
  const inter = Math.min(w1, w2) * Math.min(h1, h2);
  return inter / (w1 * h1 + w2 * h2 - inter);
}

/**
 * YOLOv5's matching with IoU-matched anchors (see the file comment). One match per (scale, cell,
 * anchor): when two objects claim it, the better shape match keeps it.
 */
export function matchAnchors(grids: readonly Grid[], anchors: readonly (readonly number[])[], targets: ImageTargets, options: AnchorMatchOptions): AnchorMatch[] {
  const anchorIou = options.anchorIou ?? 0.2;
  const ratio = options.anchorRatio ?? 4;
  const claims = new Map<string, { match: AnchorMatch; quality: number }>();
  const G = targets.classes.length;
  for (let g = 0; g < G; g++) {
    if (targets.crowd[g] === 1) continue;
    const x1 = targets.boxes[g * 4]!;
    const y1 = targets.boxes[g * 4 + 1]!;
    const w = targets.boxes[g * 4 + 2]! - x1;
    const h = targets.boxes[g * 4 + 3]! - y1;
    if (!(w > 0 && h > 0)) continue;
    const cx = x1 + w / 2;
    const cy = y1 + h / 2;
    const shapeMatches: { level: number; anchor: number; iou: number }[] = [];
    let best = { level: 0, anchor: 0, iou: -1 };
    grids.forEach((_, level) => {
      const levelAnchors = anchors[level]!;
      for (let k = 0; k < levelAnchors.length / 2; k++) {
        const aw = levelAnchors[2 * k]!;
        const ah = levelAnchors[2 * k + 1]!;
        const iou = shapeIou(w, h, aw, ah);
        const reachable = options.decode === 'yolov3' || Math.max(w / aw, aw / w, h / ah, ah / h) < ratio;
        if (iou > best.iou && reachable) best = { level, anchor: k, iou };
        if (iou >= anchorIou && reachable) shapeMatches.push({ level, anchor: k, iou });
      }
    });
    if (best.iou >= 0 && !shapeMatches.some((m) => m.level === best.level && m.anchor === best.anchor)) shapeMatches.push(best);
    for (const m of shapeMatches) {
      const grid = grids[m.level]!;
      const gx = cx / grid.stride;
      const gy = cy / grid.stride;
      const ci = Math.min(grid.width - 1, Math.max(0, Math.floor(gx)));
      const cj = Math.min(grid.height - 1, Math.max(0, Math.floor(gy)));
      const cells: [number, number][] = [[ci, cj]];
      // The neighbours nearest the centre, when the decoding can reach them (centre within 0.5 of the edge).
      const fx = gx - Math.floor(gx);
      const fy = gy - Math.floor(gy);
      if (fx < 0.5 && ci > 0 && gx > 1) cells.push([ci - 1, cj]);
      if (fx > 0.5 && ci < grid.width - 1 && gx < grid.width - 1) cells.push([ci + 1, cj]);
      if (fy < 0.5 && cj > 0 && gy > 1) cells.push([ci, cj - 1]);
      if (fy > 0.5 && cj < grid.height - 1 && gy < grid.height - 1) cells.push([ci, cj + 1]);
      for (const [cellX, cellY] of cells) {
        const key = `${m.level},${m.anchor},${cellX},${cellY}`;
        const quality = m.iou;
        const previous = claims.get(key);
        if (previous === undefined || quality > previous.quality) {
          claims.set(key, { match: { level: m.level, anchor: m.anchor, cellX, cellY, object: g }, quality });
        }
      }
    }
  }
  return [...claims.values()].map((c) => c.match);
}

/** Anchor-based cells whose centre lies in a crowd region (their objectness is ignored unless matched). */
export function crowdCells(grid: Grid, targets: ImageTargets): Uint8Array {
  const mask = new Uint8Array(grid.height * grid.width);
  for (let g = 0; g < targets.classes.length; g++) {
    if (targets.crowd[g] !== 1) continue;
    const [x1, y1, x2, y2] = [targets.boxes[g * 4]!, targets.boxes[g * 4 + 1]!, targets.boxes[g * 4 + 2]!, targets.boxes[g * 4 + 3]!];
    for (let y = 0; y < grid.height; y++) {
      const py = (y + 0.5) * grid.stride;
      if (py <= y1 || py >= y2) continue;
      for (let x = 0; x < grid.width; x++) {
        const px = (x + 0.5) * grid.stride;
        if (px > x1 && px < x2) mask[y * grid.width + x] = 1;
      }
    }
  }
  return mask;
}
