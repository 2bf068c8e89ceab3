// evaluateTracking: CLEAR MOT and identity measures as py-motmetrics computes them, HOTA as
// TrackEval does, for one sequence of ground truth and tracker output.
import { type ClearMotResult, clearMotMetrics } from './clear_mot.js';
import { HOTA_ALPHAS, type HotaPerAlpha, type HotaResult, hotaMetrics } from './hota.js';
import { groupSequences, type TrackingRow } from './input.js';

export interface EvaluateTrackingOptions {
  /**
   * Least IoU of a match for CLEAR MOT and the identity measures; default 0.5. A pair counts where
   * 1 − IoU ≤ 1 − iouThreshold (py-motmetrics' `distth`). HOTA sweeps its own α = 0.05 … 0.95.
   */
  iouThreshold?: number;
}

export interface TrackingEvaluation extends ClearMotResult, Omit<HotaResult, 'perAlpha'> {
  /** The 19 α of HOTA, and HOTA's parts at each. */
  alphas: readonly number[];
  hotaPerAlpha: HotaPerAlpha;
}

/**
 * Score a tracker's output `hyp` against ground truth `gt`, both arrays of `{ frame, id, bbox }`
 * (frames 1-based and non-decreasing, ids unique within a frame, bbox [x, y, w, h]). Returns py-motmetrics' CLEAR
 * MOT (mota, motp as mean 1 − IoU, idSwitches, fragmentations, mostlyTracked, …) and identity
 * (idf1, idp, idr) measures and TrackEval's HOTA (hota, deta, assa, loca as means over α, and per α).
 */
export function evaluateTracking(gt: readonly TrackingRow[], hyp: readonly TrackingRow[], options: EvaluateTrackingOptions = {}): TrackingEvaluation {
  const iouThreshold = options.iouThreshold ?? 0.5;
  if (typeof iouThreshold !== 'number' || !(iouThreshold >= 0 && iouThreshold <= 1)) {
    throw new RangeError(`evaluateTracking: iouThreshold is ${String(iouThreshold)}; expected a number in [0, 1]`);
  }
  const sequences = groupSequences('evaluateTracking', gt, hyp);
  const clear = clearMotMetrics(sequences, 1 - iouThreshold);
  const { perAlpha, ...hota } = hotaMetrics(sequences);
  return { ...clear, ...hota, alphas: HOTA_ALPHAS, hotaPerAlpha: perAlpha };
}
