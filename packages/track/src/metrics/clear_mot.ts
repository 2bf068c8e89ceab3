// CLEAR MOT (Bernardin & Stiefelhagen, 2008) and the identity measures (Ristani et al., 2016) as
// py-motmetrics computes them (motmetrics/mot.py's MOTAccumulator.update, metrics.py, distances.py's
// iou_matrix, utils.py's compare_to_groundtruth, with scipy as its solver): written from reading
// those files, operation for operation where the numbers depend on it.
import { linearSumAssignment, thresholdedAssignment } from '../assignment.js';
import { EMPTY_FRAME, type FrameRows, type GroupedSequences } from './input.js';
import { numpySum } from '@foveajs/detect/numpy';

export interface ClearMotResult {
  /** 1 − (fn + idSwitches + fp) / numObjects (NaN or −Infinity without ground truth, as py-motmetrics). */
  mota: number;
  /** Mean 1 − IoU of the matched pairs (py-motmetrics' convention: 0 is perfect). */
  motp: number;
  /** Matched pairs that keep their hypothesis (MATCH events). */
  matches: number;
  /** Matches with a hypothesis other than the object's last one (SWITCH events). */
  idSwitches: number;
  /** Hypotheses without an object (FP events). */
  fp: number;
  /** Objects without a hypothesis (MISS events). */
  fn: number;
  /** Times an object's match is interrupted between its first and last match. */
  fragmentations: number;
  /** Objects matched in ≥ 80 % of their frames, in [20 %, 80 %), and < 20 %. */
  mostlyTracked: number;
  partiallyTracked: number;
  mostlyLost: number;
  /** (matches + switches) / (matches + switches + fp), and / numObjects. */
  precision: number;
  recall: number;
  /** Ground-truth rows, tracker rows, distinct object ids, frames (union of both). */
  numObjects: number;
  numPredictions: number;
  numUniqueObjects: number;
  numFrames: number;
  /** py-motmetrics' TRANSFER, ASCEND and MIGRATE events. */
  transfers: number;
  ascends: number;
  migrates: number;
  /** Identity measures from the global one-to-one matching of object and hypothesis ids. */
  idf1: number;
  idp: number;
  idr: number;
  idtp: number;
  idfp: number;
  idfn: number;
}

/** motmetrics' `math_util.quiet_divide`: numpy's division, 0/0 = NaN and x/0 = ±Infinity. */
function quietDivide(a: number, b: number): number {
  return a / b;
}

/**
 * distances.py's `boxiou` then `iou_matrix`: 1 − IoU for every (object, hypothesis) pair, NaN where
 * it exceeds `maxDistance`. Corners are x + w, sizes (x + w) − x, as numpy evaluates them.
 */
export function motmetricsIouDistances(objects: FrameRows, hypotheses: FrameRows, maxDistance: number): Float64Array {
  const no = objects.ids.length;
  const nh = hypotheses.ids.length;
  const out = new Float64Array(no * nh);
  const a = objects.boxes;
  const b = hypotheses.boxes;
  for (let i = 0; i < no; i++) {
    const ax0 = a[4 * i]!;
    const ay0 = a[4 * i + 1]!;
    const ax1 = ax0 + a[4 * i + 2]!;
    const ay1 = ay0 + a[4 * i + 3]!;
    const aVol = Math.max(ax1 - ax0, 0) * Math.max(ay1 - ay0, 0);
    for (let j = 0; j < nh; j++) {
      const bx0 = b[4 * j]!;
      const by0 = b[4 * j + 1]!;
      const bx1 = bx0 + b[4 * j + 2]!;
      const by1 = by0 + b[4 * j + 3]!;
      const iw = Math.max(Math.min(ax1, bx1) - Math.max(ax0, bx0), 0);
      const ih = Math.max(Math.min(ay1, by1) - Math.max(ay0, by0), 0);
      const iVol = iw * ih;
      const bVol = Math.max(bx1 - bx0, 0) * Math.max(by1 - by0, 0);
      const iou = iVol === 0 ? 0 : quietDivide(iVol, aVol + bVol - iVol);
      const distance = 1 - iou;
      out[i * nh + j] = distance > maxDistance ? Number.NaN : distance;
    }
  }
  return out;
}

/** lap.py's `lsa_solve_scipy`: non-finite entries become 2·max + 1 (1 without any finite), then scipy. */
function scipyWithInvalid(dists: Float64Array, rows: number, cols: number): { rowIndices: Int32Array; colIndices: Int32Array } {
  let max = Number.NEGATIVE_INFINITY;
  let anyInvalid = false;
  for (const d of dists) {
    if (Number.isFinite(d)) {
      if (d > max) max = d;
    } else {
      anyInvalid = true;
    }
  }
  let costs = dists;
  if (anyInvalid) {
    const invalid = max === Number.NEGATIVE_INFINITY ? 1 : 2 * max + 1;
    costs = dists.map((d) => (Number.isFinite(d) ? d : invalid));
  }
  return linearSumAssignment({ rows, cols, data: costs });
}

type EventType = 'MATCH' | 'SWITCH' | 'MISS' | 'FP';

/** The CLEAR MOT and identity measures of py-motmetrics for a grouped pair of sequences. */
export function clearMotMetrics(sequences: GroupedSequences, maxDistance: number): ClearMotResult {
  // MOTAccumulator's state.
  const pairing = new Map<number, number>(); // m: object → last hypothesis
  const hypothesisPairing = new Map<number, number>(); // res_m: hypothesis → last object
  const lastOccurrence = new Map<number, number>();
  const lastMatch = new Map<number, number>();
  const hypHistory = new Map<number, number>();
  let lastUpdateFrame: number | undefined;

  // The events metrics.py reads ("noraw": MATCH, SWITCH, MISS, FP) in order, with their distances.
  const distances: number[] = [];
  const objectEvents = new Map<number, EventType[]>();
  let matches = 0;
  let switches = 0;
  let misses = 0;
  let falsePositives = 0;
  let transfers = 0;
  let ascends = 0;
  let migrates = 0;
  const record = (type: EventType, object: number | undefined, distance: number) => {
    distances.push(distance);
    if (object !== undefined) {
      let list = objectEvents.get(object);
      if (list === undefined) {
        list = [];
        objectEvents.set(object, list);
      }
      list.push(type);
    }
    if (type === 'MATCH') matches++;
    else if (type === 'SWITCH') switches++;
    else if (type === 'MISS') misses++;
    else falsePositives++;
  };

  // For the identity measures: frames per id and frames per (object, hypothesis) pair within the threshold.
  const objectCounts = new Map<number, number>();
  const hypothesisCounts = new Map<number, number>();
  const pairCounts = new Map<number, Map<number, number>>();

  for (const frame of sequences.frames) {
    const objects = sequences.gt.get(frame) ?? EMPTY_FRAME;
    const hypotheses = sequences.hyp.get(frame) ?? EMPTY_FRAME;
    const oids = objects.ids;
    const hids = hypotheses.ids;
    const no = oids.length;
    const nh = hids.length;
    for (const o of oids) objectCounts.set(o, (objectCounts.get(o) ?? 0) + 1);
    for (const h of hids) hypothesisCounts.set(h, (hypothesisCounts.get(h) ?? 0) + 1);
    const oMasked = new Uint8Array(no);
    const hMasked = new Uint8Array(nh);

    if (no > 0 && nh > 0) {
      const dists = motmetricsIouDistances(objects, hypotheses, maxDistance);
      for (let i = 0; i < no; i++) {
        for (let j = 0; j < nh; j++) {
          if (Number.isNaN(dists[i * nh + j]!)) continue;
          let row = pairCounts.get(oids[i]!);
          if (row === undefined) {
            row = new Map();
            pairCounts.set(oids[i]!, row);
          }
          row.set(hids[j]!, (row.get(hids[j]!) ?? 0) + 1);
        }
      }

      // 1. Keep last update's pairs that are still within the threshold.
      for (let i = 0; i < no; i++) {
        const o = oids[i]!;
        if (!(pairing.has(o) && lastMatch.get(o) === lastUpdateFrame)) continue;
        const previous = pairing.get(o)!;
        let j = -1;
        for (let k = 0; k < nh; k++) {
          if (hMasked[k] === 0 && hids[k] === previous) {
            j = k;
            break;
          }
        }
        if (j < 0 || !Number.isFinite(dists[i * nh + j]!)) continue;
        oMasked[i] = 1;
        hMasked[j] = 1;
        record('MATCH', o, dists[i * nh + j]!);
        lastMatch.set(o, frame);
        hypHistory.set(hids[j]!, frame);
      }

      // 2. The least total distance for the rest.
      for (let i = 0; i < no; i++) if (oMasked[i] === 1) for (let j = 0; j < nh; j++) dists[i * nh + j] = Number.NaN;
      for (let j = 0; j < nh; j++) if (hMasked[j] === 1) for (let i = 0; i < no; i++) dists[i * nh + j] = Number.NaN;
      const { rowIndices, colIndices } = scipyWithInvalid(dists, no, nh);
      for (let k = 0; k < rowIndices.length; k++) {
        const i = rowIndices[k]!;
        const j = colIndices[k]!;
        const d = dists[i * nh + j]!;
        if (!Number.isFinite(d)) continue;
        const o = oids[i]!;
        const h = hids[j]!;
        const isSwitch = pairing.has(o) && pairing.get(o) !== h && lastOccurrence.has(o);
        if (isSwitch && !hypHistory.has(h)) ascends++;
        if (hypothesisPairing.has(h) && hypothesisPairing.get(h) !== o) {
          if (!lastMatch.has(o)) migrates++;
          transfers++;
        }
        hypHistory.set(h, frame);
        lastMatch.set(o, frame);
        record(isSwitch ? 'SWITCH' : 'MATCH', o, d);
        oMasked[i] = 1;
        hMasked[j] = 1;
        pairing.set(o, h);
        hypothesisPairing.set(h, o);
      }
    }

    // 3. Objects left are misses; 4. hypotheses left are false positives.
    for (let i = 0; i < no; i++) if (oMasked[i] === 0) record('MISS', oids[i]!, Number.NaN);
    for (let j = 0; j < nh; j++) if (hMasked[j] === 0) record('FP', undefined, Number.NaN);
    for (const o of oids) lastOccurrence.set(o, frame);
    lastUpdateFrame = frame;
  }

  // metrics.py.
  const numObjects = misses + matches + switches;
  const numPredictions = falsePositives + matches + switches;
  const numDetections = matches + switches;
  // pandas' Series.sum skips NaN by filling it with 0 and adding with numpy.
  const motp = quietDivide(numpySum(distances.map((d) => (Number.isNaN(d) ? 0 : d))), numDetections);
  const mota = 1 - quietDivide(misses + switches + falsePositives, numObjects);
  let mostlyTracked = 0;
  let partiallyTracked = 0;
  let mostlyLost = 0;
  let fragmentations = 0;
  for (const events of objectEvents.values()) {
    const tracked = events.filter((e) => e !== 'MISS').length;
    const ratio = tracked / events.length;
    if (ratio >= 0.8) mostlyTracked++;
    else if (ratio >= 0.2) partiallyTracked++;
    else mostlyLost++;
    // Switches from tracked to missed between the first and the last time it was tracked.
    const first = events.findIndex((e) => e !== 'MISS');
    if (first < 0) continue;
    let last = events.length - 1;
    while (events[last] === 'MISS') last--;
    for (let k = first + 1; k <= last; k++) if (events[k] === 'MISS' && events[k - 1] !== 'MISS') fragmentations++;
  }

  // id_global_assignment: the min-cost matching of the (objects + hypotheses)² matrix of ID false
  // positives and negatives. Every optimal matching pairs real ids to maximise the frames they
  // share within the threshold (the cost is Σ object frames + Σ hypothesis frames − 2 Σ shared), so
  // that maximum is solved directly, and IDFN / IDFP follow from it as integers.
  const objectIds = [...objectCounts.keys()].sort((a, b) => a - b);
  const hypothesisIds = [...hypothesisCounts.keys()].sort((a, b) => a - b);
  let idtpShared = 0;
  if (objectIds.length > 0 && hypothesisIds.length > 0) {
    const shared = new Float64Array(objectIds.length * hypothesisIds.length).fill(Number.NaN);
    const column = new Map(hypothesisIds.map((h, j) => [h, j]));
    objectIds.forEach((o, i) => {
      for (const [h, count] of pairCounts.get(o) ?? []) shared[i * hypothesisIds.length + column.get(h)!] = -count;
    });
    const { rowIndices, colIndices } = thresholdedAssignment({ rows: objectIds.length, cols: hypothesisIds.length, data: shared }, 0);
    for (let k = 0; k < rowIndices.length; k++) idtpShared -= shared[rowIndices[k]! * hypothesisIds.length + colIndices[k]!]!;
  }
  const idfn = numObjects - idtpShared;
  const idfp = numPredictions - idtpShared;
  const idtp = numObjects - idfn;

  return {
    mota,
    motp,
    matches,
    idSwitches: switches,
    fp: falsePositives,
    fn: misses,
    fragmentations,
    mostlyTracked,
    partiallyTracked,
    mostlyLost,
    precision: quietDivide(numDetections, falsePositives + numDetections),
    recall: quietDivide(numDetections, numObjects),
    numObjects,
    numPredictions,
    numUniqueObjects: objectIds.length,
    numFrames: sequences.frames.length,
    transfers,
    ascends,
    migrates,
    idf1: quietDivide(2 * idtp, numObjects + numPredictions),
    idp: quietDivide(idtp, idtp + idfp),
    idr: quietDivide(idtp, idtp + idfn),
    idtp,
    idfp,
    idfn,
  };
}
