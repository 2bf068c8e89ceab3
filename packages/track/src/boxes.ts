// Box formats the trackers move between, and the IoU they associate with.

/** [x, y, width, height] with (x, y) the top-left corner (MOTChallenge's left, top, width, height). */
export type BoxXywh = [number, number, number, number];

/** [left, top, right, bottom]. */
export type BoxLtrb = [number, number, number, number];

/** DeepSORT's measurement: centre x, centre y, aspect ratio width / height, height. */
export type BoxXyah = [number, number, number, number];

export function xywhToXyah(box: ArrayLike<number>): BoxXyah {
  const [x, y, w, h] = [box[0]!, box[1]!, box[2]!, box[3]!];
  return [x + w / 2, y + h / 2, w / h, h];
}

export function xyahToXywh(box: ArrayLike<number>): BoxXywh {
  const w = box[2]! * box[3]!;
  const h = box[3]!;
  return [box[0]! - w / 2, box[1]! - h / 2, w, h];
}

export function xywhToLtrb(box: ArrayLike<number>): BoxLtrb {
  return [box[0]!, box[1]!, box[0]! + box[2]!, box[1]! + box[3]!];
}

/** IoU of two [x, y, w, h] boxes (0 when they do not overlap or both are empty). */
export function boxIou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const iw = Math.min(a[0]! + a[2]!, b[0]! + b[2]!) - Math.max(a[0]!, b[0]!);
  if (iw <= 0) return 0;
  const ih = Math.min(a[1]! + a[3]!, b[1]! + b[3]!) - Math.max(a[1]!, b[1]!);
  if (ih <= 0) return 0;
  const intersection = iw * ih;
  return intersection / (a[2]! * a[3]! + b[2]! * b[3]! - intersection);
}

/** 1 − IoU for every (row box, column box) pair, row-major. */
export function iouDistanceMatrix(rows: readonly ArrayLike<number>[], cols: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(rows.length * cols.length);
  for (let i = 0; i < rows.length; i++) {
    const a = rows[i]!;
    for (let j = 0; j < cols.length; j++) out[i * cols.length + j] = 1 - boxIou(a, cols[j]!);
  }
  return out;
}
