// ByteTrack (Zhang et al., 2022; ifzhang/ByteTrack's byte_tracker.py, as Ultralytics ships it too):
// every detection box counts. High-score detections are matched first to tracked and lost tracks
// (IoU fused with the score), then low-score ones to the tracked tracks still unmatched (plain IoU,
// 0.5), then the remaining high-score ones to the tracks started last frame (0.7); new tracks start
// only from high-score detections above `newTrackThresh`, and a lost track is kept `trackBuffer`
// frames for a detection to find it again.
import { thresholdedAssignment } from './assignment.js';
import { boxIou, iouDistanceMatrix, xyahToXywh, xywhToXyah } from './boxes.js';
import { KalmanBoxFilter } from './kalman.js';
import { checkDetections, type Detection, framesOption, framesToAdvance, isBox, numberOption, type Track, type Tracker, type TrackRecord, snapshot, type UpdateOptions } from './tracker.js';

export interface ByteTrackOptions {
  /** Detections scoring at least this are matched first; default 0.5 (the paper; Ultralytics 0.25). */
  trackHighThresh?: number;
  /** Detections scoring at least this (and below trackHighThresh) are matched second; default 0.1. */
  trackLowThresh?: number;
  /** Least score of a detection that starts a track; default 0.6 (the paper's track_thresh + 0.1; Ultralytics 0.25). */
  newTrackThresh?: number;
  /** Most (1 − IoU, fused with the score) of a first-stage match; default 0.8. */
  matchThresh?: number;
  /** Frames a lost track is kept; default 30 (the paper's 30 at 30 fps). */
  trackBuffer?: number;
  /** Weigh the first-stage IoU by the detection score (1 − IoU · score); default true (MOT17 setting). */
  fuseScore?: boolean;
}

/** Ultralytics' `bytetrack.yaml` (the ByteTrack defaults are the paper's). */
export const ULTRALYTICS_BYTETRACK: Readonly<Required<ByteTrackOptions>> = Object.freeze({
  trackHighThresh: 0.25,
  trackLowThresh: 0.1,
  newTrackThresh: 0.25,
  matchThresh: 0.8,
  trackBuffer: 30,
  fuseScore: true,
});

/** Second-stage (low-score detections) and unconfirmed-track thresholds, fixed in ByteTrack's code. */
const SECOND_MATCH_THRESH = 0.5;
const UNCONFIRMED_MATCH_THRESH = 0.7;
/** Tracked and lost tracks closer than this (1 − IoU) are duplicates; the younger one goes. */
const DUPLICATE_DISTANCE = 0.15;

interface ByteRecord extends TrackRecord {
  status: 'tracked' | 'lost';
  /** Set once the track has been matched after its first frame (or started in frame 1). */
  activated: boolean;
  startFrame: number;
  /** The frame of its last match. */
  endFrame: number;
}

export class ByteTrack implements Tracker {
  readonly trackHighThresh: number;
  readonly trackLowThresh: number;
  readonly newTrackThresh: number;
  readonly matchThresh: number;
  readonly trackBuffer: number;
  readonly fuseScore: boolean;
  private readonly kf = new KalmanBoxFilter();
  private tracked: ByteRecord[] = [];
  private lost: ByteRecord[] = [];
  private nextId = 1;
  private lastFrame = 0;

  constructor(options: ByteTrackOptions = {}) {
    this.trackHighThresh = numberOption('ByteTrack', 'trackHighThresh', options.trackHighThresh, 0.5, 0, 1);
    this.trackLowThresh = numberOption('ByteTrack', 'trackLowThresh', options.trackLowThresh, 0.1, 0, 1);
    this.newTrackThresh = numberOption('ByteTrack', 'newTrackThresh', options.newTrackThresh, 0.6, 0, 1);
    this.matchThresh = numberOption('ByteTrack', 'matchThresh', options.matchThresh, 0.8, 0, 1);
    this.trackBuffer = framesOption('ByteTrack', 'trackBuffer', options.trackBuffer, 30, 0);
    if (options.fuseScore !== undefined && typeof options.fuseScore !== 'boolean') {
      throw new TypeError(`ByteTrack: fuseScore is ${String(options.fuseScore)}; expected a boolean`);
    }
    this.fuseScore = options.fuseScore ?? true;
    if (this.trackLowThresh > this.trackHighThresh) {
      throw new RangeError(`ByteTrack: trackLowThresh (${this.trackLowThresh}) must not exceed trackHighThresh (${this.trackHighThresh})`);
    }
  }

  get frame(): number {
    return this.lastFrame;
  }

  get tracks(): Track[] {
    return [...this.tracked, ...this.lost].map((r) => snapshot(r, stateOf(r)));
  }

  reset(): void {
    this.tracked = [];
    this.lost = [];
    this.nextId = 1;
    this.lastFrame = 0;
  }

  update(detections: readonly Detection[], options: UpdateOptions = {}): Track[] {
    checkDetections('ByteTrack', detections);
    const steps = framesToAdvance('ByteTrack', this.lastFrame, options.frame);
    for (let s = 1; s < steps; s++) this.step([]);
    return this.step(detections);
  }

  private step(detections: readonly Detection[]): Track[] {
    const frame = ++this.lastFrame;
    const high = detections.filter((d) => d.score >= this.trackHighThresh);
    const low = detections.filter((d) => d.score >= this.trackLowThresh && d.score < this.trackHighThresh);
    const matched = (r: ByteRecord, d: Detection) => {
      this.kf.update(r.kalman, xywhToXyah(d.bbox));
      r.status = 'tracked';
      r.activated = true;
      r.endFrame = frame;
      r.hits++;
      r.score = d.score;
      r.cls = d.cls;
    };
    for (const r of this.tracked) r.age++;
    for (const r of this.lost) r.age++;

    const vanished = new Set<ByteRecord>();
    for (const r of [...this.tracked.filter((t) => t.activated), ...this.lost]) {
      // A lost track's height stops changing (ByteTrack zeroes its velocity).
      if (r.status !== 'tracked') r.kalman.mean[7] = 0;
      this.kf.predict(r.kalman);
      if (!isBox(r.kalman)) vanished.add(r);
    }
    this.tracked = this.tracked.filter((r) => !vanished.has(r));
    this.lost = this.lost.filter((r) => !vanished.has(r));
    const unconfirmed = this.tracked.filter((r) => !r.activated);
    const pool = [...this.tracked.filter((r) => r.activated), ...this.lost];

    // 1. High-score detections against tracked and lost tracks.
    const first = this.match(pool, high, this.matchThresh, this.fuseScore);
    for (const [t, d] of first.pairs) matched(pool[t]!, high[d]!);

    // 2. Low-score detections against the tracked tracks left.
    const remaining = first.unmatchedTracks.map((t) => pool[t]!).filter((r) => r.status === 'tracked');
    const second = this.match(remaining, low, SECOND_MATCH_THRESH, false);
    for (const [t, d] of second.pairs) matched(remaining[t]!, low[d]!);
    const newlyLost = second.unmatchedTracks.map((t) => remaining[t]!);
    for (const r of newlyLost) r.status = 'lost';

    // 3. High-score detections left against last frame's new tracks; unmatched ones are dropped.
    const leftHigh = first.unmatchedDetections.map((d) => high[d]!);
    const third = this.match(unconfirmed, leftHigh, UNCONFIRMED_MATCH_THRESH, this.fuseScore);
    for (const [t, d] of third.pairs) matched(unconfirmed[t]!, leftHigh[d]!);
    const removed = new Set(third.unmatchedTracks.map((t) => unconfirmed[t]!));

    // 4. New tracks.
    const started: ByteRecord[] = [];
    for (const d of third.unmatchedDetections.map((k) => leftHigh[k]!)) {
      if (d.score < this.newTrackThresh) continue;
      started.push({
        id: this.nextId++,
        kalman: this.kf.initiate(xywhToXyah(d.bbox)),
        score: d.score,
        cls: d.cls,
        age: 1,
        hits: 1,
        timeSinceUpdate: 0,
        status: 'tracked',
        activated: frame === 1,
        startFrame: frame,
        endFrame: frame,
      });
    }

    // 5. Lost tracks past their buffer go; then the lists are rebuilt.
    for (const r of this.lost) if (r.status === 'lost' && frame - r.endFrame > this.trackBuffer) removed.add(r);
    const tracked = [...new Set([...this.tracked, ...started, ...pool])].filter((r) => r.status === 'tracked' && !removed.has(r));
    const lost = [...new Set([...this.lost, ...newlyLost])].filter((r) => r.status === 'lost' && !removed.has(r));
    [this.tracked, this.lost] = removeDuplicates(tracked, lost);
    for (const r of [...this.tracked, ...this.lost]) r.timeSinceUpdate = frame - r.endFrame;
    return this.tracked.filter((r) => r.activated).map((r) => snapshot(r, 'confirmed'));
  }

  /** The least-cost matching of tracks (rows) and detections (columns) with cost below `limit`. */
  private match(records: readonly ByteRecord[], detections: readonly Detection[], limit: number, fuse: boolean) {
    const n = records.length;
    const m = detections.length;
    const cost = iouDistanceMatrix(
      records.map((r) => xyahToXywh(r.kalman.mean)),
      detections.map((d) => d.bbox),
    );
    if (fuse) for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) cost[i * m + j] = 1 - (1 - cost[i * m + j]!) * detections[j]!.score;
    const { rowIndices, colIndices } = n > 0 && m > 0 ? thresholdedAssignment({ rows: n, cols: m, data: cost }, limit) : { rowIndices: new Int32Array(0), colIndices: new Int32Array(0) };
    const pairs: Array<[number, number]> = [];
    const trackUsed = new Uint8Array(n);
    const detectionUsed = new Uint8Array(m);
    for (let k = 0; k < rowIndices.length; k++) {
      pairs.push([rowIndices[k]!, colIndices[k]!]);
      trackUsed[rowIndices[k]!] = 1;
      detectionUsed[colIndices[k]!] = 1;
    }
    const unmatchedTracks: number[] = [];
    const unmatchedDetections: number[] = [];
    for (let i = 0; i < n; i++) if (trackUsed[i] === 0) unmatchedTracks.push(i);
    for (let j = 0; j < m; j++) if (detectionUsed[j] === 0) unmatchedDetections.push(j);
    return { pairs, unmatchedTracks, unmatchedDetections };
  }
}

function stateOf(r: ByteRecord): 'tentative' | 'confirmed' | 'lost' {
  if (r.status === 'lost') return 'lost';
  return r.activated ? 'confirmed' : 'tentative';
}

/** A tracked and a lost track on the same object (1 − IoU < 0.15): keep the one tracked longer. */
function removeDuplicates(tracked: ByteRecord[], lost: ByteRecord[]): [ByteRecord[], ByteRecord[]] {
  const dropTracked = new Set<ByteRecord>();
  const dropLost = new Set<ByteRecord>();
  for (const p of tracked) {
    const a = xyahToXywh(p.kalman.mean);
    for (const q of lost) {
      if (1 - boxIou(a, xyahToXywh(q.kalman.mean)) >= DUPLICATE_DISTANCE) continue;
      if (p.endFrame - p.startFrame > q.endFrame - q.startFrame) dropLost.add(q);
      else dropTracked.add(p);
    }
  }
  return [tracked.filter((r) => !dropTracked.has(r)), lost.filter((r) => !dropLost.has(r))];
}
