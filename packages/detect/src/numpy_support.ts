// The pieces of numpy's arithmetic that the reference metrics' numbers depend on, bit for bit:
// pycocotools' and voc_eval's (`linspace`, `sum`/`mean` of a float64 array, `spacing(1)`, the stable
// argsort) and py-motmetrics' and TrackEval's (sums along an axis, float `arange`). Exported as
// `@foveajs/detect/numpy` so @foveajs/track's metrics use the same definitions.

/** numpy's `np.spacing(1)` = `np.finfo(float).eps` (2⁻⁵²): COCOeval adds it to `tp + fp` before dividing, TrackEval guards its divisions with it. */
export const NUMPY_SPACING_1 = Number.EPSILON;

/**
 * `numpy.linspace(start, stop, num)` (endpoint included) with numpy's arithmetic: point i is
 * `i * step + start` with `step = (stop - start) / (num - 1)`, and the last point is `stop` itself.
 * So `linspace(0.5, 0.95, 10)[8]` is 0.8999999999999999 and `linspace(0, 1, 101)[35]` is
 * 0.35000000000000003, as in numpy.
 */
export function linspace(start: number, stop: number, num: number): number[] {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`linspace: num must be an integer >= 0, got ${num}`);
  if (num === 0) return [];
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  const points: number[] = [];
  for (let i = 0; i < num; i++) points.push(i * step + start);
  points[num - 1] = stop;
  return points;
}

// numpy adds a contiguous float64 array in blocks of its ufunc buffer (8192 elements), each block by
// pairwise summation (8 interleaved partial sums below 128 elements, halves above).
const NUMPY_BUFFER_SIZE = 8192;
const PAIRWISE_BLOCK = 128;

function pairwiseSum(values: ArrayLike<number>, start: number, count: number): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[start + i]!;
    return sum;
  }
  if (count <= PAIRWISE_BLOCK) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = values[start + j]!;
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j]! + values[start + i + j]!;
    }
    let sum = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < count; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** `np.sum(values)` for a 1-D float64 array, bit for bit (numpy 1.9 and later). */
export function numpySum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += NUMPY_BUFFER_SIZE) {
    sum += pairwiseSum(values, start, Math.min(NUMPY_BUFFER_SIZE, values.length - start));
  }
  return sum;
}

/** `np.mean(values)` for a non-empty 1-D float64 array, bit for bit: `np.sum(values) / n`. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
}

/**
 * The indices that sort `scores` from highest to lowest, equal scores kept in their given order:
 * `np.argsort(-scores, kind='mergesort')`, the order COCOeval uses everywhere.
 */
export function argsortDescendingStable(scores: ArrayLike<number>, count: number = scores.length): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  // Array.prototype.sort is stable (ES2019), so ties keep their input order.
  order.sort((i, j) => {
    const a = scores[i]!;
    const b = scores[j]!;
    return a > b ? -1 : a < b ? 1 : 0;
  });
  return order;
}

/**
 * `m.sum(0)` of a C-contiguous rows × cols float64 matrix: the rows added one after another
 * (numpy's reduction over the outer axis), except for a single column, which numpy adds pairwise
 * as a 1-D array.
 */
export function numpySumAxis0(m: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(cols);
  if (cols === 1) {
    out[0] = numpySum(Array.from({ length: rows }, (_, i) => m[i]!));
    return out;
  }
  for (let j = 0; j < cols; j++) out[j] = rows > 0 ? m[j]! : 0;
  for (let i = 1; i < rows; i++) for (let j = 0; j < cols; j++) out[j] = out[j]! + m[i * cols + j]!;
  return out;
}

/** `m.sum(1)` of a C-contiguous rows × cols float64 matrix: each row pairwise. */
export function numpySumAxis1(m: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows);
  const row = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) row[j] = m[i * cols + j]!;
    out[i] = numpySum(row);
  }
  return out;
}

/**
 * `np.arange(start, stop, step)` for floats: n = ceil((stop − start) / step) points, point i being
 * `start + i * delta` with `delta = (start + step) − start`, as numpy fills its array.
 */
export function numpyArange(start: number, stop: number, step: number): number[] {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const delta = start + step - start;
  return Array.from({ length: n }, (_, i) => start + i * delta);
}
