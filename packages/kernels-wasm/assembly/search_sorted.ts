// SearchSorted: for each value of a batch row, the index at which it would be inserted into that
// row's sorted sequence, by tfjs's cpu binary search (side left: first element not < value;
// right: first element > value), on float32 or int32 (NaN compares false, as in JS).
import { DTYPE_F32 } from './binary';

/** One step of the cpu's search (the same midpoints, so the same answer even on unsorted input). */
// @ts-ignore: decorator
@inline
function probe<T>(right: bool, row: usize, value: T, bounds: usize): void {
  const left = load<i32>(bounds);
  const stop = load<i32>(bounds, 4);
  if (left < stop) {
    const mid = (left + stop) >>> 1;
    const v = load<T>(row + (<usize>mid << 2));
    const before = right ? v <= value : v < value;
    store<i32>(bounds, select<i32>(mid + 1, left, before));
    store<i32>(bounds, select<i32>(stop, mid, before), 4);
  }
}

/**
 * Searches four values of a row in lockstep (their loads overlap instead of waiting on each
 * other), then the rest one at a time. `bounds`: 8 i32 of scratch for the four (left, stop) pairs.
 */
// @ts-ignore: decorator
@inline
function searchRows<T>(right: bool, sorted: usize, values: usize, out: usize, numInputs: i32, numValues: i32, start: i32, end: i32, bounds: usize): void {
  let i = start;
  while (i < end) {
    const row = sorted + ((<usize>(i / numValues) * <usize>numInputs) << 2);
    const rowEnd = min<i32>(end, (i / numValues + 1) * numValues);
    for (; i + 4 <= rowEnd; i += 4) {
      const v0 = load<T>(values + (<usize>i << 2));
      const v1 = load<T>(values + (<usize>i << 2), 4);
      const v2 = load<T>(values + (<usize>i << 2), 8);
      const v3 = load<T>(values + (<usize>i << 2), 12);
      for (let k: usize = 0; k < 4; k++) {
        store<i32>(bounds + (k << 3), 0);
        store<i32>(bounds + (k << 3), numInputs, 4);
      }
      // ceil(log2(n + 1)) steps bring every search to its end.
      for (let steps = numInputs; steps > 0; steps >>>= 1) {
        probe<T>(right, row, v0, bounds);
        probe<T>(right, row, v1, bounds + 8);
        probe<T>(right, row, v2, bounds + 16);
        probe<T>(right, row, v3, bounds + 24);
      }
      for (let k: usize = 0; k < 4; k++) store<i32>(out + ((<usize>i + k) << 2), load<i32>(bounds + (k << 3), 4));
    }
    for (; i < rowEnd; i++) {
      store<i32>(bounds, 0);
      store<i32>(bounds, numInputs, 4);
      const value = load<T>(values + (<usize>i << 2));
      for (let steps = numInputs; steps > 0; steps >>>= 1) probe<T>(right, row, value, bounds);
      store<i32>(out + (<usize>i << 2), load<i32>(bounds, 4));
    }
  }
}

function leftF32(sorted: usize, values: usize, out: usize, n: i32, m: i32, start: i32, end: i32, b: usize): void { searchRows<f32>(false, sorted, values, out, n, m, start, end, b); }
function rightF32(sorted: usize, values: usize, out: usize, n: i32, m: i32, start: i32, end: i32, b: usize): void { searchRows<f32>(true, sorted, values, out, n, m, start, end, b); }
function leftI32(sorted: usize, values: usize, out: usize, n: i32, m: i32, start: i32, end: i32, b: usize): void { searchRows<i32>(false, sorted, values, out, n, m, start, end, b); }
function rightI32(sorted: usize, values: usize, out: usize, n: i32, m: i32, start: i32, end: i32, b: usize): void { searchRows<i32>(true, sorted, values, out, n, m, start, end, b); }

/**
 * Values [start, end) of batch·numValues; sorted [batch, numInputs], values and out [batch,
 * numValues]; scratch: 8 i32 per participant.
 */
export function searchSortedRange(
  sorted: usize, values: usize, out: usize, dtype: i32, numInputs: i32, numValues: i32, right: i32, scratch: usize, start: i32, end: i32, part: i32,
): void {
  const b = scratch + (<usize>part << 5);
  if (dtype == DTYPE_F32) {
    if (right != 0) rightF32(sorted, values, out, numInputs, numValues, start, end, b);
    else leftF32(sorted, values, out, numInputs, numValues, start, end, b);
  } else if (right != 0) rightI32(sorted, values, out, numInputs, numValues, start, end, b);
  else leftI32(sorted, values, out, numInputs, numValues, start, end, b);
}
