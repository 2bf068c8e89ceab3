// What every tracker shares: detections in, tracks out, frames counted, input checked.
import { type BoxLtrb, type BoxXywh, xyahToXywh, xywhToLtrb } from './boxes.js';
import type { KalmanState } from './kalman.js';

/** One detection of a frame. */
export interface Detection {
  /** [x, y, width, height] in pixels, (x, y) the top-left corner; width >= 0, height > 0. */
  bbox: BoxXywh;
  /** Detector confidence; ByteTrack splits detections by it. */
  score: number;
  /** Class id, carried to the track (association ignores it). */
  cls: number;
  /** Appearance embedding for DeepSort (L2-normalised on the way in); others ignore it. */
  embedding?: ArrayLike<number>;
}

/**
 * `tentative`: started, not yet trusted; `confirmed`: tracked and updated this frame; `lost`: a
 * confirmed track missed this frame (its box is the Kalman prediction), kept until it is matched
 * again or its time runs out.
 */
export type TrackState = 'tentative' | 'confirmed' | 'lost';

/** A track as one frame left it (a copy: later frames do not change it). */
export class Track {
  /** 1-based, unique within a video (`reset()` starts again from 1). */
  readonly id: number;
  /** The Kalman filter's box after this frame, [x, y, width, height]. */
  readonly bbox: BoxXywh;
  /** Score of the last detection matched. */
  readonly score: number;
  /** Class of the last detection matched. */
  readonly cls: number;
  readonly state: TrackState;
  /** Frames since the track started, counting its first. */
  readonly age: number;
  /** Detections matched to it, counting the one that started it. */
  readonly hits: number;
  /** Frames since its last match (0: matched in this frame). */
  readonly timeSinceUpdate: number;

  constructor(fields: { id: number; bbox: BoxXywh; score: number; cls: number; state: TrackState; age: number; hits: number; timeSinceUpdate: number }) {
    this.id = fields.id;
    this.bbox = fields.bbox;
    this.score = fields.score;
    this.cls = fields.cls;
    this.state = fields.state;
    this.age = fields.age;
    this.hits = fields.hits;
    this.timeSinceUpdate = fields.timeSinceUpdate;
  }

  /** [left, top, right, bottom]. */
  toLtrb(): BoxLtrb {
    return xywhToLtrb(this.bbox);
  }

  /** [left, top, width, height] (the same as `bbox`, as a new array). */
  toLtwh(): BoxXywh {
    return [...this.bbox];
  }
}

export interface UpdateOptions<TImage = unknown> {
  /**
   * This frame's number (1-based, increasing). Default: the previous frame + 1. Frames skipped
   * count as frames without detections: tracks age and may be deleted.
   */
  frame?: number;
  /** The frame's image, for an embedder to crop (DeepSort without embeddings on the detections). */
  image?: TImage;
}

/** The interface `Sort`, `ByteTrack` and `DeepSort` share. */
export interface Tracker {
  /** Associate one frame's detections and return the tracks to report for it. */
  update(detections: readonly Detection[], options?: UpdateOptions): Track[];
  /** Forget every track and start a new video: the next frame is 1 and ids start from 1 again. */
  reset(): void;
  /** Every live track (tentative, confirmed and lost) after the last frame. */
  readonly tracks: Track[];
  /** The last frame processed (0 before the first). */
  readonly frame: number;
}

/** A track while it lives: its Kalman state and the counters the trackers share. */
export interface TrackRecord {
  id: number;
  kalman: KalmanState;
  score: number;
  cls: number;
  age: number;
  hits: number;
  timeSinceUpdate: number;
}

/**
 * Whether a predicted state is still a box: finite, with a positive aspect ratio and height. A
 * shrinking box (an object leaving the image) can be predicted past zero; its track is dropped, as
 * SORT drops predictions that are not numbers.
 */
export function isBox(kalman: KalmanState): boolean {
  const m = kalman.mean;
  return m[2]! > 0 && m[3]! > 0 && m.every(Number.isFinite);
}

export function snapshot(record: TrackRecord, state: TrackState): Track {
  return new Track({
    id: record.id,
    bbox: xyahToXywh(record.kalman.mean),
    score: record.score,
    cls: record.cls,
    state,
    age: record.age,
    hits: record.hits,
    timeSinceUpdate: record.timeSinceUpdate,
  });
}

/** Check a frame's detections; errors name the detection and the value. */
export function checkDetections(caller: string, detections: readonly Detection[]): void {
  if (!Array.isArray(detections)) throw new TypeError(`${caller}.update: detections must be an array, got ${String(detections)}`);
  detections.forEach((d, i) => {
    if (d === null || typeof d !== 'object') throw new TypeError(`${caller}.update: detections[${i}] must be { bbox, score, cls }, got ${String(d)}`);
    const box = d.bbox;
    if (!Array.isArray(box) || box.length !== 4) throw new TypeError(`${caller}.update: detections[${i}].bbox must be [x, y, width, height], got ${JSON.stringify(box)}`);
    for (let k = 0; k < 4; k++) {
      if (typeof box[k] !== 'number' || !Number.isFinite(box[k])) {
        throw new TypeError(`${caller}.update: detections[${i}].bbox[${k}] is ${String(box[k])}; expected a finite number`);
      }
    }
    if (box[2] < 0 || box[3] <= 0) throw new RangeError(`${caller}.update: detections[${i}].bbox is [${box.join(', ')}]; expected width >= 0 and height > 0`);
    if (typeof d.score !== 'number' || Number.isNaN(d.score)) throw new TypeError(`${caller}.update: detections[${i}].score is ${String(d.score)}; expected a number`);
    if (typeof d.cls !== 'number' || !Number.isFinite(d.cls)) throw new TypeError(`${caller}.update: detections[${i}].cls is ${String(d.cls)}; expected a number`);
  });
}

/**
 * The number of frames an update covers (1, or more when `frame` skips some), checked.
 * `last` is the previous frame processed (0 before the first).
 */
export function framesToAdvance(caller: string, last: number, frame: unknown): number {
  if (frame === undefined) return 1;
  if (typeof frame !== 'number' || !Number.isInteger(frame) || frame <= last) {
    throw new RangeError(`${caller}.update: frame is ${String(frame)}; expected an integer > ${last}, the last frame processed (reset() starts a new video)`);
  }
  return frame - last;
}

/** Check an integer-valued frame count option (maxAge, minHits, …). */
export function framesOption(caller: string, name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${caller}: ${name} is ${String(value)}; expected an integer >= ${min} (frames)`);
  }
  return value;
}

/** Check a number option within [min, max]. */
export function numberOption(caller: string, name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new RangeError(`${caller}: ${name} is ${String(value)}; expected a number in [${min}, ${max}]`);
  }
  return value;
}
