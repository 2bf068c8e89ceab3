// The pieces of numpy's arithmetic that py-motmetrics' and TrackEval's numbers depend on, bit for
// bit: how `np.sum` adds a float64 array (pairwise, in blocks of 8192) and along an axis, `np.mean`,
// `np.arange(0.05, 0.99, 0.05)` and `np.finfo(float).eps`. (@foveajs/detect carries its own copy of
// the pairwise sum for pycocotools; neither package exports it.)

/** `np.finfo('float').eps`: 2⁻⁵². */
export const NUMPY_EPS = Number.EPSILON;

// numpy adds a contiguous float64 array in blocks of its ufunc buffer (8192 elements), each block by
// pairwise summation (8 interleaved partial sums up to 128 elements, halves above).
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
    let sum = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < count; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** `np.sum(values)` of a contiguous float64 array (any shape, row-major), bit for bit. */
export function numpySum(values: ArrayLike<number>): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += NUMPY_BUFFER_SIZE) {
    sum += pairwiseSum(values, start, Math.min(NUMPY_BUFFER_SIZE, values.length - start));
  }
  return sum;
}

/** `np.mean(values)` of a non-empty float64 array: `np.sum(values) / n`. */
export function numpyMean(values: ArrayLike<number>): number {
  return numpySum(values) / values.length;
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
