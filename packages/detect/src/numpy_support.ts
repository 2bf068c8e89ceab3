// The few pieces of numpy's arithmetic that pycocotools' and voc_eval's results depend on, bit for
// bit: how `linspace` spaces its points, how `sum`/`mean` add a float64 array, and `spacing(1)`.

/** numpy's `np.spacing(1)` (2⁻⁵²), the term COCOeval adds to `tp + fp` before dividing. */
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
