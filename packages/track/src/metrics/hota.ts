// HOTA (Luiten et al., 2021) as TrackEval computes it for one sequence (trackeval/metrics/hota.py's
// eval_sequence, with the box similarity of datasets/_base_dataset.py's _calculate_box_ious and the
// id relabelling of its MOTChallenge loader): written from reading those files, operation for
// operation where the numbers depend on it.
import { linearSumAssignment } from '../assignment.js';
import { EMPTY_FRAME, type FrameRows, type GroupedSequences } from './input.js';
import { NUMPY_SPACING_1 as NUMPY_EPS, numpyArange, numpyMean, numpySum, numpySumAxis0, numpySumAxis1 } from '@foveajs/detect/numpy';

/** The 19 localisation thresholds α: `np.arange(0.05, 0.99, 0.05)` (0.05, 0.1, 0.15000000000000002, …). */
export const HOTA_ALPHAS: readonly number[] = Object.freeze(numpyArange(0.05, 0.99, 0.05));

/** HOTA and its parts at each α (arrays of 19, in HOTA_ALPHAS' order). */
export interface HotaPerAlpha {
  hota: number[];
  deta: number[];
  assa: number[];
  detre: number[];
  detpr: number[];
  assre: number[];
  asspr: number[];
  loca: number[];
  owta: number[];
  tp: number[];
  fn: number[];
  fp: number[];
}

export interface HotaResult {
  /** Means over the 19 α (TrackEval's summary): HOTA = √(DetA · AssA) averaged. */
  hota: number;
  deta: number;
  assa: number;
  detre: number;
  detpr: number;
  assre: number;
  asspr: number;
  loca: number;
  owta: number;
  /** HOTA and LocA at α = 0.05, and their product (TrackEval's HOTA(0), LocA(0), HOTALocA(0)). */
  hota0: number;
  loca0: number;
  hotaLocA0: number;
  perAlpha: HotaPerAlpha;
}

/**
 * _calculate_box_ious for [x, y, w, h] boxes: converted to corners (x + w), intersection from the
 * corners, areas from the corners ((x + w) − x), 0 where either area or the union is ≤ eps.
 */
export function trackEvalIou(gt: FrameRows, hyp: FrameRows): Float64Array {
  const n = gt.ids.length;
  const m = hyp.ids.length;
  const out = new Float64Array(n * m);
  const a = gt.boxes;
  const b = hyp.boxes;
  for (let i = 0; i < n; i++) {
    const ax0 = a[4 * i]!;
    const ay0 = a[4 * i + 1]!;
    const ax1 = ax0 + a[4 * i + 2]!;
    const ay1 = ay0 + a[4 * i + 3]!;
    const area1 = (ax1 - ax0) * (ay1 - ay0);
    for (let j = 0; j < m; j++) {
      const bx0 = b[4 * j]!;
      const by0 = b[4 * j + 1]!;
      const bx1 = bx0 + b[4 * j + 2]!;
      const by1 = by0 + b[4 * j + 3]!;
      const intersection = Math.max(Math.min(ax1, bx1) - Math.max(ax0, bx0), 0) * Math.max(Math.min(ay1, by1) - Math.max(ay0, by0), 0);
      const area2 = (bx1 - bx0) * (by1 - by0);
      const union = area1 + area2 - intersection;
      out[i * m + j] = area1 <= NUMPY_EPS || area2 <= NUMPY_EPS || union <= NUMPY_EPS ? 0 : intersection / union;
    }
  }
  return out;
}

/** Ids relabelled 0..n−1 in ascending order, as TrackEval's loaders do. */
function relabel(frames: Iterable<FrameRows>): Map<number, number> {
  const ids = new Set<number>();
  for (const f of frames) for (const id of f.ids) ids.add(id);
  return new Map([...ids].sort((a, b) => a - b).map((id, k) => [id, k]));
}

const A = HOTA_ALPHAS.length;

/** TrackEval's HOTA for one sequence of grouped rows. */
export function hotaMetrics(sequences: GroupedSequences): HotaResult {
  const tp = new Float64Array(A);
  const fn = new Float64Array(A);
  const fp = new Float64Array(A);
  const assa = new Float64Array(A);
  const assre = new Float64Array(A);
  const asspr = new Float64Array(A);
  let loca = new Float64Array(A);
  let numGtDets = 0;
  let numTrackerDets = 0;
  for (const f of sequences.gt.values()) numGtDets += f.ids.length;
  for (const f of sequences.hyp.values()) numTrackerDets += f.ids.length;

  // Empty tracker output or ground truth: TrackEval returns early, its other fields left at 0.
  if (numTrackerDets === 0 || numGtDets === 0) {
    const count = numTrackerDets === 0 ? numGtDets : 0;
    const falsePositives = numTrackerDets === 0 ? 0 : numTrackerDets;
    const zeros = () => new Array<number>(A).fill(0);
    const perAlpha: HotaPerAlpha = {
      hota: zeros(),
      deta: zeros(),
      assa: zeros(),
      detre: zeros(),
      detpr: zeros(),
      assre: zeros(),
      asspr: zeros(),
      loca: new Array<number>(A).fill(1),
      owta: zeros(),
      tp: zeros(),
      fn: new Array<number>(A).fill(count),
      fp: new Array<number>(A).fill(falsePositives),
    };
    return summarise(perAlpha, 0, 1, 0);
  }

  const gtIndex = relabel(sequences.gt.values());
  const trackerIndex = relabel(sequences.hyp.values());
  const numGtIds = gtIndex.size;
  const numTrackerIds = trackerIndex.size;

  // Per frame: ids as indices and the similarity matrix (gt rows × tracker columns).
  const steps = sequences.frames.map((frame) => {
    const gt = sequences.gt.get(frame) ?? EMPTY_FRAME;
    const hyp = sequences.hyp.get(frame) ?? EMPTY_FRAME;
    return {
      gtIds: gt.ids.map((id) => gtIndex.get(id)!),
      trackerIds: hyp.ids.map((id) => trackerIndex.get(id)!),
      similarity: gt.ids.length > 0 && hyp.ids.length > 0 ? trackEvalIou(gt, hyp) : new Float64Array(0),
    };
  });

  // Global association: similarity-weighted potential matches per (gt id, tracker id).
  const potential = new Float64Array(numGtIds * numTrackerIds);
  const gtIdCount = new Float64Array(numGtIds);
  const trackerIdCount = new Float64Array(numTrackerIds);
  for (const { gtIds, trackerIds, similarity } of steps) {
    const n = gtIds.length;
    const m = trackerIds.length;
    if (n > 0 && m > 0) {
      const colSums = numpySumAxis0(similarity, n, m);
      const rowSums = numpySumAxis1(similarity, n, m);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const s = similarity[i * m + j]!;
          const denominator = colSums[j]! + rowSums[i]! - s;
          const simIou = denominator > 0 + NUMPY_EPS ? s / denominator : 0;
          const at = gtIds[i]! * numTrackerIds + trackerIds[j]!;
          potential[at] = potential[at]! + simIou;
        }
      }
    }
    for (const g of gtIds) gtIdCount[g] = gtIdCount[g]! + 1;
    for (const t of trackerIds) trackerIdCount[t] = trackerIdCount[t]! + 1;
  }
  const alignment = new Float64Array(potential.length);
  for (let g = 0; g < numGtIds; g++) {
    for (let t = 0; t < numTrackerIds; t++) {
      const at = g * numTrackerIds + t;
      alignment[at] = potential[at]! / (gtIdCount[g]! + trackerIdCount[t]! - potential[at]!);
    }
  }

  // Per frame: the Hungarian matching maximising alignment-weighted similarity, counted at each α.
  const matchesCounts = Array.from({ length: A }, () => new Float64Array(numGtIds * numTrackerIds));
  const thresholds = HOTA_ALPHAS.map((alpha) => alpha - NUMPY_EPS);
  for (const { gtIds, trackerIds, similarity } of steps) {
    const n = gtIds.length;
    const m = trackerIds.length;
    if (n === 0) {
      for (let a = 0; a < A; a++) fp[a] = fp[a]! + m;
      continue;
    }
    if (m === 0) {
      for (let a = 0; a < A; a++) fn[a] = fn[a]! + n;
      continue;
    }
    const negatedScore = new Float64Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) negatedScore[i * m + j] = -(alignment[gtIds[i]! * numTrackerIds + trackerIds[j]!]! * similarity[i * m + j]!);
    }
    const { rowIndices, colIndices } = linearSumAssignment({ rows: n, cols: m, data: negatedScore });
    for (let a = 0; a < A; a++) {
      let matched = 0;
      let similaritySum = 0; // Python's sum(): 0 + s₀ + s₁ + … in match order
      for (let k = 0; k < rowIndices.length; k++) {
        const s = similarity[rowIndices[k]! * m + colIndices[k]!]!;
        if (!(s >= thresholds[a]!)) continue;
        matched++;
        similaritySum += s;
        const at = gtIds[rowIndices[k]!]! * numTrackerIds + trackerIds[colIndices[k]!]!;
        matchesCounts[a]![at] = matchesCounts[a]![at]! + 1;
      }
      tp[a] = tp[a]! + matched;
      fn[a] = fn[a]! + (n - matched);
      fp[a] = fp[a]! + (m - matched);
      if (matched > 0) loca[a] = loca[a]! + similaritySum;
    }
  }

  // Association: per (gt id, tracker id) pair, averaged over the true positives.
  const scratch = new Float64Array(numGtIds * numTrackerIds);
  for (let a = 0; a < A; a++) {
    const counts = matchesCounts[a]!;
    const weighted = (score: (g: number, t: number, c: number) => number) => {
      for (let g = 0; g < numGtIds; g++) {
        for (let t = 0; t < numTrackerIds; t++) {
          const at = g * numTrackerIds + t;
          scratch[at] = counts[at]! * score(g, t, counts[at]!);
        }
      }
      return numpySum(scratch) / Math.max(1, tp[a]!);
    };
    assa[a] = weighted((g, t, c) => c / Math.max(1, gtIdCount[g]! + trackerIdCount[t]! - c));
    assre[a] = weighted((g, _t, c) => c / Math.max(1, gtIdCount[g]!));
    asspr[a] = weighted((_g, t, c) => c / Math.max(1, trackerIdCount[t]!));
  }
  loca = loca.map((sum, a) => Math.max(1e-10, sum) / Math.max(1e-10, tp[a]!));

  // _compute_final_fields.
  const detre = tp.map((x, a) => x / Math.max(1, x + fn[a]!));
  const detpr = tp.map((x, a) => x / Math.max(1, x + fp[a]!));
  const deta = tp.map((x, a) => x / Math.max(1, x + fn[a]! + fp[a]!));
  const hota = deta.map((d, a) => Math.sqrt(d * assa[a]!));
  const owta = detre.map((d, a) => Math.sqrt(d * assa[a]!));
  const perAlpha: HotaPerAlpha = {
    hota: [...hota],
    deta: [...deta],
    assa: [...assa],
    detre: [...detre],
    detpr: [...detpr],
    assre: [...assre],
    asspr: [...asspr],
    loca: [...loca],
    owta: [...owta],
    tp: [...tp],
    fn: [...fn],
    fp: [...fp],
  };
  return summarise(perAlpha, hota[0]!, loca[0]!, hota[0]! * loca[0]!);
}

function summarise(perAlpha: HotaPerAlpha, hota0: number, loca0: number, hotaLocA0: number): HotaResult {
  return {
    hota: numpyMean(perAlpha.hota),
    deta: numpyMean(perAlpha.deta),
    assa: numpyMean(perAlpha.assa),
    detre: numpyMean(perAlpha.detre),
    detpr: numpyMean(perAlpha.detpr),
    assre: numpyMean(perAlpha.assre),
    asspr: numpyMean(perAlpha.asspr),
    loca: numpyMean(perAlpha.loca),
    owta: numpyMean(perAlpha.owta),
    hota0,
    loca0,
    hotaLocA0,
    perAlpha,
  };
}
