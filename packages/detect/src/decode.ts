// Decoding the heads' raw maps into candidate boxes and scores, over plain typed arrays (one pass
// over the cells; the box of a cell is computed only when one of its scores passes `conf`).
//
// Anchor-free (YOLOv8): per cell, class scores σ(logit) and 4 × regMax box logits; each side's
// distance (left, top, right, bottom) from the cell centre (x + 0.5, y + 0.5) is the expectation of
// the softmax over bins 0..regMax−1, in strides. Channel k·regMax + j is side k's bin j.
// Anchor-based (YOLOv5/v3): per cell and anchor a, channels a·(5 + classes) + [tx, ty, tw, th,
// objectness, class logits…]; centre (2σ(t) − 0.5 + cell) · stride; size anchor · (2σ(t))² (YOLOv5)
// or anchor · exp(t) (YOLOv3); score objectness · class probability.
import type { DetectorConfig } from './model.js';

/** One output map as plain data: [batch, height, width, channels], row-major. */
export interface HeadMap {
  data: Float32Array;
  batch: number;
  height: number;
  width: number;
  channels: number;
}

/** Candidate detections of one image, before NMS: boxes [x1, y1, x2, y2] in canvas pixels. */
export interface Candidates {
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
  count: number;
}

export interface DecodeOptions {
  /** Keep scores ≥ conf. Default 0.25. */
  conf?: number;
  /** Keep only these class indices. */
  classes?: readonly number[];
  /** Every class above `conf` per box (as Ultralytics' validation), not just the best one. Default false. */
  multiLabel?: boolean;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** The logit of p: σ(x) ≥ p ⇔ x ≥ logit(p), so most cells are rejected without an exp. */
const logit = (p: number) => (p <= 0 ? Number.NEGATIVE_INFINITY : p >= 1 ? Number.POSITIVE_INFINITY : Math.log(p / (1 - p)));

class CandidateList {
  boxes: Float32Array;
  scores: Float32Array;
  classes: Int32Array;
  count = 0;
  constructor(capacity = 256) {
    this.boxes = new Float32Array(capacity * 4);
    this.scores = new Float32Array(capacity);
    this.classes = new Int32Array(capacity);
  }
  push(x1: number, y1: number, x2: number, y2: number, score: number, cls: number): void {
    if (this.count === this.scores.length) {
      const grow = (a: Float32Array | Int32Array, n: number) => {
        const b = new (a.constructor as Float32ArrayConstructor)(n);
        b.set(a);
        return b;
      };
      this.boxes = grow(this.boxes, this.boxes.length * 2) as Float32Array;
      this.scores = grow(this.scores, this.scores.length * 2) as Float32Array;
      this.classes = grow(this.classes, this.classes.length * 2) as unknown as Int32Array;
    }
    const i = this.count++;
    this.boxes[i * 4] = x1;
    this.boxes[i * 4 + 1] = y1;
    this.boxes[i * 4 + 2] = x2;
    this.boxes[i * 4 + 3] = y2;
    this.scores[i] = score;
    this.classes[i] = cls;
  }
  done(): Candidates {
    return { boxes: this.boxes.slice(0, this.count * 4), scores: this.scores.slice(0, this.count), classes: this.classes.slice(0, this.count), count: this.count };
  }
}

function classMask(classes: readonly number[] | undefined, count: number): Uint8Array | null {
  if (classes === undefined) return null;
  const mask = new Uint8Array(count);
  for (const c of classes) {
    if (!Number.isInteger(c) || c < 0 || c >= count) throw new RangeError(`decode: classes must hold class indices in 0..${count - 1}, got ${String(c)}`);
    mask[c] = 1;
  }
  return mask;
}

function checkConf(conf: number): void {
  if (typeof conf !== 'number' || !(conf >= 0 && conf <= 1)) throw new RangeError(`decode: conf must be a number in [0, 1], got ${String(conf)}`);
}

/** The expectation of softmax(logits[offset .. offset + regMax)) over bins 0..regMax−1. */
export function dflExpectation(logits: Float32Array, offset: number, regMax: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < regMax; j++) max = Math.max(max, logits[offset + j]!);
  let sum = 0;
  let weighted = 0;
  for (let j = 0; j < regMax; j++) {
    const e = Math.exp(logits[offset + j]! - max);
    sum += e;
    weighted += e * j;
  }
  return weighted / sum;
}

/** Candidates of image `index` from an anchor-free head's (box, cls) maps per scale. */
export function decodeAnchorFree(maps: readonly HeadMap[], strides: readonly number[], regMax: number, classes: number, index: number, options: DecodeOptions = {}): Candidates {
  const conf = options.conf ?? 0.25;
  checkConf(conf);
  const threshold = logit(conf);
  const allowed = classMask(options.classes, classes);
  const multiLabel = options.multiLabel ?? false;
  const out = new CandidateList();
  for (let level = 0; level < strides.length; level++) {
    const box = maps[2 * level]!;
    const cls = maps[2 * level + 1]!;
    const stride = strides[level]!;
    if (box.channels !== 4 * regMax || cls.channels !== classes || box.height !== cls.height || box.width !== cls.width) {
      throw new Error(`decodeAnchorFree: scale ${level} has box channels ${box.channels} (expected ${4 * regMax}) and class channels ${cls.channels} (expected ${classes})`);
    }
    const cells = box.height * box.width;
    for (let cell = 0; cell < cells; cell++) {
      const clsOffset = (index * cells + cell) * classes;
      let best = -1;
      let bestLogit = threshold;
      let any = false;
      for (let c = 0; c < classes; c++) {
        const z = cls.data[clsOffset + c]!;
        if (z >= threshold && (allowed === null || allowed[c] === 1)) {
          any = true;
          if (z >= bestLogit) {
            bestLogit = z;
            best = c;
          }
        }
      }
      if (!any) continue;
      const boxOffset = (index * cells + cell) * 4 * regMax;
      const ax = (cell % box.width) + 0.5;
      const ay = Math.floor(cell / box.width) + 0.5;
      const x1 = (ax - dflExpectation(box.data, boxOffset, regMax)) * stride;
      const y1 = (ay - dflExpectation(box.data, boxOffset + regMax, regMax)) * stride;
      const x2 = (ax + dflExpectation(box.data, boxOffset + 2 * regMax, regMax)) * stride;
      const y2 = (ay + dflExpectation(box.data, boxOffset + 3 * regMax, regMax)) * stride;
      if (multiLabel) {
        for (let c = 0; c < classes; c++) {
          const z = cls.data[clsOffset + c]!;
          if (z >= threshold && (allowed === null || allowed[c] === 1)) out.push(x1, y1, x2, y2, sigmoid(z), c);
        }
      } else {
        out.push(x1, y1, x2, y2, sigmoid(bestLogit), best);
      }
    }
  }
  return out.done();
}

/** Candidates of image `index` from an anchor-based head's maps (one per scale). */
export function decodeAnchorBased(
  maps: readonly HeadMap[],
  strides: readonly number[],
  anchors: readonly (readonly number[])[],
  anchorDecode: 'yolov5' | 'yolov3',
  classes: number,
  index: number,
  options: DecodeOptions = {},
): Candidates {
  const conf = options.conf ?? 0.25;
  checkConf(conf);
  const objThreshold = logit(conf);
  const allowed = classMask(options.classes, classes);
  const multiLabel = options.multiLabel ?? false;
  const perAnchor = 5 + classes;
  const out = new CandidateList();
  for (let level = 0; level < strides.length; level++) {
    const map = maps[level]!;
    const stride = strides[level]!;
    const levelAnchors = anchors[level]!;
    const na = levelAnchors.length / 2;
    if (map.channels !== na * perAnchor) throw new Error(`decodeAnchorBased: scale ${level} has ${map.channels} channels, expected ${na} anchors × ${perAnchor}`);
    const cells = map.height * map.width;
    for (let cell = 0; cell < cells; cell++) {
      const cellOffset = (index * cells + cell) * map.channels;
      for (let a = 0; a < na; a++) {
        const o = cellOffset + a * perAnchor;
        // σ(obj) · σ(cls) ≤ σ(obj): a cell whose objectness is below conf has no score above it.
        if (map.data[o + 4]! < objThreshold) continue;
        const objectness = sigmoid(map.data[o + 4]!);
        let best = -1;
        let bestScore = conf;
        const scoreOf = (c: number) => objectness * sigmoid(map.data[o + 5 + c]!);
        if (!multiLabel) {
          for (let c = 0; c < classes; c++) {
            if (allowed !== null && allowed[c] !== 1) continue;
            const s = scoreOf(c);
            if (s >= bestScore) {
              bestScore = s;
              best = c;
            }
          }
          if (best < 0) continue;
        }
        const gx = cell % map.width;
        const gy = Math.floor(cell / map.width);
        const cx = (sigmoid(map.data[o]!) * 2 - 0.5 + gx) * stride;
        const cy = (sigmoid(map.data[o + 1]!) * 2 - 0.5 + gy) * stride;
        let w: number;
        let h: number;
        if (anchorDecode === 'yolov5') {
          w = (2 * sigmoid(map.data[o + 2]!)) ** 2 * levelAnchors[2 * a]!;
          h = (2 * sigmoid(map.data[o + 3]!)) ** 2 * levelAnchors[2 * a + 1]!;
        } else {
          w = Math.exp(Math.min(map.data[o + 2]!, 10)) * levelAnchors[2 * a]!;
          h = Math.exp(Math.min(map.data[o + 3]!, 10)) * levelAnchors[2 * a + 1]!;
        }
        if (multiLabel) {
          for (let c = 0; c < classes; c++) {
            if (allowed !== null && allowed[c] !== 1) continue;
            const s = scoreOf(c);
            if (s >= conf) out.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, s, c);
          }
        } else {
          out.push(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, bestScore, best);
        }
      }
    }
  }
  return out.done();
}

/** Candidates of image `index` from a detector's output maps, by its config's head family. */
export function decodePredictions(config: DetectorConfig, maps: readonly HeadMap[], index: number, options: DecodeOptions = {}): Candidates {
  if (maps.length !== config.outputs.length) throw new Error(`decodePredictions: expected ${config.outputs.length} maps (${config.outputs.join(', ')}), got ${maps.length}`);
  const batch = maps[0]!.batch;
  if (!Number.isInteger(index) || index < 0 || index >= batch) throw new RangeError(`decodePredictions: index must be in 0..${batch - 1}, got ${String(index)}`);
  return config.head === 'anchor-free'
    ? decodeAnchorFree(maps, config.strides, config.regMax, config.classes, index, options)
    : decodeAnchorBased(maps, config.strides, config.anchors, config.anchorDecode, config.classes, index, options);
}
