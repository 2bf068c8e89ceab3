// DeepSORT's Kalman filter for boxes (Wojke et al., 2017; deep_sort/kalman_filter.py): an 8-D
// constant-velocity state (cx, cy, a, h, vcx, vcy, va, vh) with a = width / height, one step per
// frame, measuring (cx, cy, a, h) directly. The noise scales with the box height: position std
// 1/20 and velocity std 1/160 of it, the aspect ratio fixed (1e-2, 1e-5, measured 1e-1). ByteTrack
// and Ultralytics use the same filter; SORT's own (area and ratio, 7-D) is not reproduced.

/**
 * The 0.95 quantile of the chi-square distribution with 1..9 degrees of freedom, as DeepSORT's
 * `chi2inv95` table (from MATLAB's chi2inv): 9.4877 gates a 4-D measurement, 5.9915 the position alone.
 */
export const CHI2INV95: Readonly<Record<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9, number>> = Object.freeze({
  1: 3.8415,
  2: 5.9915,
  3: 7.8147,
  4: 9.4877,
  5: 11.07,
  6: 12.592,
  7: 14.067,
  8: 15.507,
  9: 16.919,
});

/** A Gaussian over the 8-D state: `mean` (8) and row-major `covariance` (8 × 8). */
export interface KalmanState {
  mean: Float64Array;
  covariance: Float64Array;
}

export interface KalmanBoxFilterOptions {
  /** Position noise as a fraction of the box height; default 1/20 (DeepSORT). */
  stdWeightPosition?: number;
  /** Velocity noise as a fraction of the box height; default 1/160 (DeepSORT). */
  stdWeightVelocity?: number;
}

function checkWeight(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`KalmanBoxFilter: ${name} must be a number > 0, got ${String(value)}`);
  }
  return value;
}

function checkMeasurement(measurement: ArrayLike<number>, name = 'measurement'): void {
  if (measurement === null || typeof measurement !== 'object' || measurement.length !== 4) {
    throw new TypeError(`KalmanBoxFilter: ${name} must be [cx, cy, aspect ratio, height], got ${String(measurement)}`);
  }
  for (let k = 0; k < 4; k++) {
    if (typeof measurement[k] !== 'number' || !Number.isFinite(measurement[k])) {
      throw new TypeError(`KalmanBoxFilter: ${name}[${k}] is ${String(measurement[k])}; expected a finite number`);
    }
  }
}

/** The lower Cholesky factor L (row-major n × n) of a symmetric positive definite matrix. */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  choleskyInto(a, n, l);
  return l;
}

function choleskyInto(a: Float64Array, n: number, l: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('KalmanBoxFilter: the projected covariance is not positive definite (is the box height > 0?)');
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) l[i * n + j] = 0;
  }
}

/** Solve L Lᵀ x = b (n values, L from `cholesky`) into out[offset .. offset + n). */
function choleskySolveInto(l: Float64Array, n: number, b: Float64Array, out: Float64Array, offset: number): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * out[offset + k]!;
    out[offset + i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = out[offset + i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * out[offset + k]!;
    out[offset + i] = sum / l[i * n + i]!;
  }
}

/**
 * DeepSORT's Kalman filter. `predict` and `update` change the state in place (a tracker keeps one
 * state per track); `initiate`, `project` and `gatingDistance` return new arrays.
 */
export class KalmanBoxFilter {
  readonly stdWeightPosition: number;
  readonly stdWeightVelocity: number;
  // Scratch space for update and gate (a filter serves one tracker, one call at a time).
  private readonly scratchS = new Float64Array(16);
  private readonly scratchS2 = new Float64Array(4);
  private readonly scratchL = new Float64Array(16);
  private readonly scratchGain = new Float64Array(32);
  private readonly scratchKs = new Float64Array(32);
  private readonly scratchRow = new Float64Array(4);

  constructor(options: KalmanBoxFilterOptions = {}) {
    this.stdWeightPosition = checkWeight('stdWeightPosition', options.stdWeightPosition, 1 / 20);
    this.stdWeightVelocity = checkWeight('stdWeightVelocity', options.stdWeightVelocity, 1 / 160);
  }

  /** A new track's state from its first measurement [cx, cy, a, h]: velocities 0, std 2/20 h and 10/160 h. */
  initiate(measurement: ArrayLike<number>): KalmanState {
    checkMeasurement(measurement);
    const h = measurement[3]!;
    const mean = new Float64Array(8);
    for (let k = 0; k < 4; k++) mean[k] = measurement[k]!;
    const p = 2 * this.stdWeightPosition * h;
    const v = 10 * this.stdWeightVelocity * h;
    const std = [p, p, 1e-2, p, v, v, 1e-5, v];
    const covariance = new Float64Array(64);
    for (let k = 0; k < 8; k++) covariance[k * 9] = std[k]! * std[k]!;
    return { mean, covariance };
  }

  /** One frame ahead: x ← F x, P ← F P Fᵀ + Q, with Q from the height before the step. */
  predict(state: KalmanState): void {
    const { mean, covariance: c } = state;
    const h = mean[3]!;
    const p = this.stdWeightPosition * h;
    const v = this.stdWeightVelocity * h;
    for (let k = 0; k < 4; k++) mean[k] = mean[k]! + mean[k + 4]!;
    // F = [[I, I], [0, I]]: with P = [[A, B], [C, D]] in 4 × 4 blocks,
    // F P Fᵀ = [[A + B + C + D, B + D], [C + D, D]].
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const a = i * 8 + j;
        const b = i * 8 + j + 4;
        const cc = (i + 4) * 8 + j;
        const d = (i + 4) * 8 + j + 4;
        c[a] = c[a]! + c[b]! + c[cc]! + c[d]!;
        c[b] = c[b]! + c[d]!;
        c[cc] = c[cc]! + c[d]!;
      }
    }
    // Q: std h/20 for cx, cy, h, 1e-2 for a; h/160 for their velocities, 1e-5 for a's.
    c[0] = c[0]! + p * p;
    c[9] = c[9]! + p * p;
    c[18] = c[18]! + 1e-2 * 1e-2;
    c[27] = c[27]! + p * p;
    c[36] = c[36]! + v * v;
    c[45] = c[45]! + v * v;
    c[54] = c[54]! + 1e-5 * 1e-5;
    c[63] = c[63]! + v * v;
  }

  /** The state seen as a measurement: H x and H P Hᵀ + R (R: std 1/20 h, 1e-1 for a). */
  project(state: KalmanState): { mean: Float64Array; covariance: Float64Array } {
    const s = new Float64Array(16);
    this.projectInto(state, s);
    return { mean: state.mean.slice(0, 4), covariance: s };
  }

  /** H P Hᵀ + R into `s` (4 × 4). */
  private projectInto(state: KalmanState, s: Float64Array): void {
    const { mean, covariance: c } = state;
    const p = this.stdWeightPosition * mean[3]!;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s[i * 4 + j] = c[i * 8 + j]!;
    s[0] = s[0]! + p * p;
    s[5] = s[5]! + p * p;
    s[10] = s[10]! + 1e-1 * 1e-1;
    s[15] = s[15]! + p * p;
  }

  /** Correct the state with a measurement [cx, cy, a, h]: K = P Hᵀ S⁻¹, x += K (z − H x), P −= K S Kᵀ. */
  update(state: KalmanState, measurement: ArrayLike<number>): void {
    checkMeasurement(measurement);
    const { mean, covariance: c } = state;
    const s = this.scratchS;
    this.projectInto(state, s);
    const l = this.scratchL;
    choleskyInto(s, 4, l);
    // K (8 × 4): row i solves S kᵢ = (P Hᵀ)ᵢ, S being symmetric.
    const gain = this.scratchGain;
    const row = this.scratchRow;
    for (let i = 0; i < 8; i++) {
      for (let k = 0; k < 4; k++) row[k] = c[i * 8 + k]!;
      choleskySolveInto(l, 4, row, gain, i * 4);
    }
    const i0 = measurement[0]! - mean[0]!;
    const i1 = measurement[1]! - mean[1]!;
    const i2 = measurement[2]! - mean[2]!;
    const i3 = measurement[3]! - mean[3]!;
    for (let i = 0; i < 8; i++) {
      const g = i * 4;
      mean[i] = mean[i]! + (i0 * gain[g]! + i1 * gain[g + 1]! + i2 * gain[g + 2]! + i3 * gain[g + 3]!);
    }
    // K S (8 × 4), then K S Kᵀ, written to both halves so P stays exactly symmetric.
    const ks = this.scratchKs;
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 4; j++) {
        let sum = 0;
        for (let k = 0; k < 4; k++) sum += gain[i * 4 + k]! * s[k * 4 + j]!;
        ks[i * 4 + j] = sum;
      }
    }
    for (let i = 0; i < 8; i++) {
      for (let j = i; j < 8; j++) {
        let sum = 0;
        for (let k = 0; k < 4; k++) sum += ks[i * 4 + k]! * gain[j * 4 + k]!;
        c[i * 8 + j] = c[i * 8 + j]! - sum;
        if (j !== i) c[j * 8 + i] = c[i * 8 + j]!;
      }
    }
  }

  /**
   * Which measurements lie inside the gate: squared Mahalanobis distance ≤ `threshold`, over
   * (cx, cy, a, h) or with `onlyPosition` (cx, cy). `measurements` holds 4 numbers per measurement
   * (unchecked: the trackers check detections first); `inside[k]` is set to 1 or 0. The partial
   * sum of squares only grows, so a measurement is rejected as soon as it passes the threshold.
   */
  gate(state: KalmanState, measurements: Float64Array, count: number, threshold: number, onlyPosition: boolean, inside: Uint8Array): void {
    const n = onlyPosition ? 2 : 4;
    const s = this.scratchS;
    this.projectInto(state, s);
    const l = this.scratchL;
    if (onlyPosition) {
      const s2 = this.scratchS2;
      s2[0] = s[0]!;
      s2[1] = s[1]!;
      s2[2] = s[4]!;
      s2[3] = s[5]!;
      choleskyInto(s2, 2, l);
    } else {
      choleskyInto(s, 4, l);
    }
    const mean = state.mean;
    const z = this.scratchRow;
    for (let m = 0; m < count; m++) {
      let sum = 0;
      let k = 0;
      for (; k < n; k++) {
        let value = measurements[m * 4 + k]! - mean[k]!;
        for (let q = 0; q < k; q++) value -= l[k * n + q]! * z[q]!;
        z[k] = value / l[k * n + k]!;
        sum += z[k]! * z[k]!;
        if (sum > threshold) break;
      }
      inside[m] = k === n && sum <= threshold ? 1 : 0;
    }
  }

  /**
   * Squared Mahalanobis distance between the projected state and each measurement [cx, cy, a, h];
   * with `onlyPosition`, (cx, cy) alone. Compare with CHI2INV95[4] (9.4877), or CHI2INV95[2] (5.9915)
   * for the position alone, as DeepSORT gates.
   */
  gatingDistance(state: KalmanState, measurements: readonly ArrayLike<number>[], options: { onlyPosition?: boolean } = {}): Float64Array {
    const n = options.onlyPosition === true ? 2 : 4;
    const { mean, covariance } = this.project(state);
    const s = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = covariance[i * 4 + j]!;
    const l = cholesky(s, n);
    const out = new Float64Array(measurements.length);
    const z = new Float64Array(n);
    measurements.forEach((m, index) => {
      checkMeasurement(m, `measurements[${index}]`);
      // Forward substitution L z = d; the distance is |z|².
      let sum = 0;
      for (let i = 0; i < n; i++) {
        let value = m[i]! - mean[i]!;
        for (let k = 0; k < i; k++) value -= l[i * n + k]! * z[k]!;
        z[i] = value / l[i * n + i]!;
        sum += z[i]! * z[i]!;
      }
      out[index] = sum;
    });
    return out;
  }
}
