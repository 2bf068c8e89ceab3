// SORT (Bewley et al., 2016; abewley/sort's sort.py): predict every track, match detections by IoU
// (the Hungarian solution maximising total IoU, pairs below the threshold dropped), start a track
// for every unmatched detection, report a track while it was matched in this frame and has
// `minHits` consecutive matches (or in the first `minHits` frames), delete it after `maxAge` misses.
import { thresholdedAssignment } from './assignment.js';
import { boxIou, xyahToXywh, xywhToXyah } from './boxes.js';
import { KalmanBoxFilter } from './kalman.js';
import { checkDetections, type Detection, framesOption, framesToAdvance, isBox, numberOption, type Track, type Tracker, type TrackRecord, snapshot, type UpdateOptions } from './tracker.js';

export interface SortOptions {
  /** Frames a track survives without a match; default 1 (SORT). */
  maxAge?: number;
  /** Consecutive matches before a track is reported; default 3 (SORT). */
  minHits?: number;
  /** Least IoU of a match; default 0.3 (SORT). */
  iouThreshold?: number;
}

interface SortRecord extends TrackRecord {
  /** Consecutive frames with a match, the first detection not counted (SORT's hit_streak). */
  hitStreak: number;
}

export class Sort implements Tracker {
  readonly maxAge: number;
  readonly minHits: number;
  readonly iouThreshold: number;
  private readonly kf = new KalmanBoxFilter();
  private records: SortRecord[] = [];
  private nextId = 1;
  private lastFrame = 0;

  constructor(options: SortOptions = {}) {
    this.maxAge = framesOption('Sort', 'maxAge', options.maxAge, 1, 0);
    this.minHits = framesOption('Sort', 'minHits', options.minHits, 3, 0);
    this.iouThreshold = numberOption('Sort', 'iouThreshold', options.iouThreshold, 0.3, 0, 1);
  }

  get frame(): number {
    return this.lastFrame;
  }

  get tracks(): Track[] {
    return this.records.map((r) => snapshot(r, this.stateOf(r)));
  }

  reset(): void {
    this.records = [];
    this.nextId = 1;
    this.lastFrame = 0;
  }

  update(detections: readonly Detection[], options: UpdateOptions = {}): Track[] {
    checkDetections('Sort', detections);
    const steps = framesToAdvance('Sort', this.lastFrame, options.frame);
    for (let s = 1; s < steps; s++) this.step([]);
    return this.step(detections);
  }

  private stateOf(r: SortRecord): 'tentative' | 'confirmed' | 'lost' {
    if (r.timeSinceUpdate > 0) return r.hitStreak >= this.minHits ? 'lost' : 'tentative';
    return r.hitStreak >= this.minHits ? 'confirmed' : 'tentative';
  }

  private step(detections: readonly Detection[]): Track[] {
    this.lastFrame++;
    this.records = this.records.filter((r) => {
      this.kf.predict(r.kalman);
      r.age++;
      if (r.timeSinceUpdate > 0) r.hitStreak = 0;
      r.timeSinceUpdate++;
      return isBox(r.kalman);
    });

    const predicted = this.records.map((r) => xyahToXywh(r.kalman.mean));
    const matches = this.associate(detections, predicted);
    const matchedDetection = new Uint8Array(detections.length);
    for (const [d, t] of matches) {
      const r = this.records[t]!;
      const det = detections[d]!;
      this.kf.update(r.kalman, xywhToXyah(det.bbox));
      r.timeSinceUpdate = 0;
      r.hits++;
      r.hitStreak++;
      r.score = det.score;
      r.cls = det.cls;
      matchedDetection[d] = 1;
    }
    detections.forEach((det, d) => {
      if (matchedDetection[d] === 1) return;
      this.records.push({
        id: this.nextId++,
        kalman: this.kf.initiate(xywhToXyah(det.bbox)),
        score: det.score,
        cls: det.cls,
        age: 1,
        hits: 1,
        timeSinceUpdate: 0,
        hitStreak: 0,
      });
    });

    const reported: Track[] = [];
    for (const r of this.records) {
      if (r.timeSinceUpdate < 1 && (r.hitStreak >= this.minHits || this.lastFrame <= this.minHits)) reported.push(snapshot(r, this.stateOf(r)));
    }
    this.records = this.records.filter((r) => r.timeSinceUpdate <= this.maxAge);
    return reported;
  }

  /** SORT's associate_detections_to_trackers: pairs (detection, track). */
  private associate(detections: readonly Detection[], predicted: number[][]): Array<[number, number]> {
    const n = detections.length;
    const m = predicted.length;
    if (n === 0 || m === 0) return [];
    const iou = new Float64Array(n * m);
    for (let d = 0; d < n; d++) for (let t = 0; t < m; t++) iou[d * m + t] = boxIou(detections[d]!.bbox, predicted[t]!);
    // When no detection and no track has two candidates above the threshold, take those pairs
    // directly (SORT's shortcut); otherwise the assignment maximising total IoU.
    const rowCount = new Int32Array(n);
    const colCount = new Int32Array(m);
    for (let d = 0; d < n; d++) {
      for (let t = 0; t < m; t++) {
        if (iou[d * m + t]! > this.iouThreshold) {
          rowCount[d]!++;
          colCount[t]!++;
        }
      }
    }
    const pairs: Array<[number, number]> = [];
    if (rowCount.every((c) => c <= 1) && colCount.every((c) => c <= 1)) {
      for (let d = 0; d < n; d++) for (let t = 0; t < m; t++) if (iou[d * m + t]! > this.iouThreshold) pairs.push([d, t]);
      return pairs;
    }
    // Maximising total IoU over all pairs = minimising Σ (1 − IoU) − 1 over overlapping ones.
    const distance = iou.map((x) => 1 - x);
    const { rowIndices, colIndices } = thresholdedAssignment({ rows: n, cols: m, data: distance }, 1);
    for (let k = 0; k < rowIndices.length; k++) {
      const d = rowIndices[k]!;
      const t = colIndices[k]!;
      if (iou[d * m + t]! >= this.iouThreshold) pairs.push([d, t]);
    }
    return pairs;
  }
}
