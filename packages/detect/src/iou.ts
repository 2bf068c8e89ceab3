// Intersection over union of axis-aligned boxes, with pycocotools' arithmetic (maskApi.c's bbIou):
// continuous coordinates, no +1 pixel, the same operations in the same order, so the numbers that
// decide a match at a threshold are the ones COCOeval sees.
import type { BoxXywh, BoxXyxy } from './types.js';

/** IoU of two [x, y, w, h] boxes; unchecked, for the evaluation's inner loops. */
export function iouXywhUnchecked(a: ArrayLike<number>, b: ArrayLike<number>, crowd = false): number {
  const ax = a[0]!;
  const ay = a[1]!;
  const aw = a[2]!;
  const ah = a[3]!;
  const bx = b[0]!;
  const by = b[1]!;
  const bw = b[2]!;
  const bh = b[3]!;
  const w = Math.min(aw + ax, bw + bx) - Math.max(ax, bx);
  if (w <= 0) return 0;
  const h = Math.min(ah + ay, bh + by) - Math.max(ay, by);
  if (h <= 0) return 0;
  const intersection = w * h;
  const areaA = aw * ah;
  // A crowd region b: the share of a that lies inside it.
  const union = crowd ? areaA : areaA + bw * bh - intersection;
  return intersection / union;
}

function checkBox(box: ArrayLike<number>, name: string, kind: 'xywh' | 'xyxy'): void {
  if (box === null || typeof box !== 'object' || box.length !== 4) {
    throw new TypeError(`${name} must be a box [${kind === 'xywh' ? 'x, y, width, height' : 'x1, y1, x2, y2'}], got ${String(box)}`);
  }
  for (let i = 0; i < 4; i++) {
    if (typeof box[i] !== 'number' || !Number.isFinite(box[i])) {
      throw new TypeError(`${name}[${i}] is ${String(box[i])}; expected a finite number`);
    }
  }
  if (kind === 'xywh' && (box[2]! < 0 || box[3]! < 0)) {
    throw new RangeError(`${name} is [${Array.from(box).join(', ')}]; expected width and height >= 0`);
  }
  if (kind === 'xyxy' && (box[2]! < box[0]! || box[3]! < box[1]!)) {
    throw new RangeError(`${name} is [${Array.from(box).join(', ')}]; expected x2 >= x1 and y2 >= y1`);
  }
}

/**
 * IoU of two boxes given as [x, y, width, height] (COCO's `bbox`). With `{ crowd: true }`, b is a
 * crowd region and the result is the intersection over a's area, as COCOeval scores a detection
 * against an `iscrowd` annotation.
 */
export function iouXywh(a: BoxXywh, b: BoxXywh, options: { crowd?: boolean } = {}): number {
  checkBox(a, 'a', 'xywh');
  checkBox(b, 'b', 'xywh');
  return iouXywhUnchecked(a, b, options.crowd ?? false);
}

/** IoU of two boxes given as corners [x1, y1, x2, y2]; `{ crowd: true }` as for iouXywh. */
export function iouXyxy(a: BoxXyxy, b: BoxXyxy, options: { crowd?: boolean } = {}): number {
  checkBox(a, 'a', 'xyxy');
  checkBox(b, 'b', 'xyxy');
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  if (w <= 0) return 0;
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (h <= 0) return 0;
  const intersection = w * h;
  const areaA = (a[2] - a[0]) * (a[3] - a[1]);
  const union = options.crowd ? areaA : areaA + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
  return intersection / union;
}

/**
 * IoU of every detection with every ground-truth box, both [x, y, w, h]: row d, column g of the
 * result is detection d against box g (pycocotools' `maskUtils.iou(dt, gt, iscrowd)`), with
 * `iscrowd[g]` making box g a crowd region.
 */
export function iouMatrixXywh(
  detections: readonly BoxXywh[],
  groundTruths: readonly BoxXywh[],
  iscrowd: readonly boolean[] = [],
): Float64Array[] {
  for (const [i, box] of detections.entries()) checkBox(box, `detections[${i}]`, 'xywh');
  for (const [i, box] of groundTruths.entries()) checkBox(box, `groundTruths[${i}]`, 'xywh');
  return detections.map((d) => Float64Array.from(groundTruths, (g, j) => iouXywhUnchecked(d, g, iscrowd[j] ?? false)));
}
