// TopK over the last axis: the k largest of each row of n, sorted descending, ties to the lower
// index (tfjs's order; its cpu kernel sorts the Floyd-Rivest selection by value, then index).
//
// Each element becomes a 64-bit key, value bits above the inverted index, so that ordering keys
// orders (value descending, index ascending) and no two keys tie. Values order as int32, or for
// float32 by their bits made sortable (negative floats' magnitude bits flipped), -0 as +0, and NaN
// above +Infinity (as torch.topk ranks it; tfjs leaves NaN's place unspecified).
//
// Small k: one pass keeping the k best in a min-heap, its root (the k-th best so far) the bar to
// beat; four lanes at a time are tested against the bar, and only a vector with a lane above it
// goes through the heap. Large k: quickselect moves the k best to the front, a heapsort orders them.

/** Up to this k (and k ≤ n / 8), the heap pass; above it, quickselect. */
const HEAP_MAX_K: i32 = 512;

// @ts-ignore: decorator
@inline
function valueKey(bits: i32, isInt: i32): i32 {
  if (isInt != 0) return bits;
  if ((bits & 0x7fffffff) > 0x7f800000) return 0x7fc00000; // NaN, above +Infinity (0x7f800000)
  if (bits == 0x80000000) return 0; // -0 ties with +0
  return bits ^ ((bits >> 31) & 0x7fffffff);
}

// @ts-ignore: decorator
@inline
function elementKey(bits: i32, index: i32, isInt: i32): i64 {
  return (<i64>valueKey(bits, isInt) << 32) | <i64>(<u32>~index);
}

// @ts-ignore: decorator
@inline
function keyIndex(key: i64): i32 {
  return ~<i32>key;
}

// @ts-ignore: decorator
@inline
function at(keys: usize, i: i32): usize {
  return keys + (<usize>i << 3);
}

/** Sift keys[i] down a min-heap of `size` keys. */
function siftDownMin(keys: usize, size: i32, i: i32): void {
  const key = load<i64>(at(keys, i));
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let c = load<i64>(at(keys, child));
    if (child + 1 < size) {
      const right = load<i64>(at(keys, child + 1));
      if (right < c) {
        c = right;
        child++;
      }
    }
    if (c >= key) break;
    store<i64>(at(keys, i), c);
    i = child;
  }
  store<i64>(at(keys, i), key);
}

/** Sort keys[0, size) descending: heapify as a min-heap, then move the root to the back, repeatedly. */
function sortDescending(keys: usize, size: i32): void {
  for (let i = (size >> 1) - 1; i >= 0; i--) siftDownMin(keys, size, i);
  for (let end = size - 1; end > 0; end--) {
    const root = load<i64>(keys);
    store<i64>(keys, load<i64>(at(keys, end)));
    store<i64>(at(keys, end), root);
    siftDownMin(keys, end, 0);
  }
}

/** The k largest keys of one row into keys[0, k), by the heap pass. */
function selectByHeap(row: usize, n: i32, k: i32, isInt: i32, keys: usize): void {
  for (let i = 0; i < k; i++) store<i64>(at(keys, i), elementKey(load<i32>(row + (<usize>i << 2)), i, isInt));
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDownMin(keys, k, i);
  let bar = <i32>(load<i64>(keys) >> 32);
  let barV = i32x4.splat(bar);
  let i = k;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(row + (<usize>i << 2));
    let above: v128;
    if (isInt != 0) {
      above = i32x4.gt_s(v, barV);
    } else {
      // The sortable bits without the -0 and NaN fix-ups: -0 maps just below +0 (still not above a
      // bar it ties with, and no canonical key sits between them), and NaN lanes always take the
      // exact path.
      const sortable = v128.xor(v, i32x4.shr_u(i32x4.shr_s(v, 31), 1));
      above = v128.or(i32x4.gt_s(sortable, barV), f32x4.ne(v, v));
    }
    if (!v128.any_true(above)) continue;
    for (let lane = 0; lane < 4; lane++) {
      const key = elementKey(load<i32>(row + (<usize>(i + lane) << 2)), i + lane, isInt);
      // A later index never beats an equal value, so the key (value bits above ~index) decides.
      if (key > load<i64>(keys)) {
        store<i64>(keys, key);
        siftDownMin(keys, k, 0);
      }
    }
    bar = <i32>(load<i64>(keys) >> 32);
    barV = i32x4.splat(bar);
  }
  for (; i < n; i++) {
    const key = elementKey(load<i32>(row + (<usize>i << 2)), i, isInt);
    if (key > load<i64>(keys)) {
      store<i64>(keys, key);
      siftDownMin(keys, k, 0);
    }
  }
}

/** Swap keys i and j. */
// @ts-ignore: decorator
@inline
function swap(keys: usize, i: i32, j: i32): void {
  const t = load<i64>(at(keys, i));
  store<i64>(at(keys, i), load<i64>(at(keys, j)));
  store<i64>(at(keys, j), t);
}

/**
 * The k largest of keys[0, n) moved to keys[0, k) (in no order): quickselect with a median-of-three
 * pivot, and a heapsort of what is left after 2·log2(n) rounds (a guard against adversarial input).
 */
function selectByPartition(keys: usize, n: i32, k: i32): void {
  let lo = 0;
  let hi = n - 1;
  let rounds = 2 * (32 - clz(n));
  while (hi > lo) {
    if (rounds-- == 0) {
      sortDescending(keys + (<usize>lo << 3), hi - lo + 1);
      return;
    }
    // Median of three to keys[lo]; descending partition around it (keys are distinct).
    const mid = lo + ((hi - lo) >> 1);
    if (load<i64>(at(keys, mid)) > load<i64>(at(keys, lo))) swap(keys, mid, lo);
    if (load<i64>(at(keys, hi)) > load<i64>(at(keys, lo))) swap(keys, hi, lo);
    if (load<i64>(at(keys, hi)) > load<i64>(at(keys, mid))) swap(keys, hi, mid);
    // Now keys[lo] ≥ keys[mid] ≥ keys[hi]: mid is the median; put it first.
    swap(keys, lo, mid);
    const pivot = load<i64>(at(keys, lo));
    let i = lo;
    let j = hi + 1;
    for (;;) {
      do i++; while (i <= hi && load<i64>(at(keys, i)) > pivot);
      do j--; while (load<i64>(at(keys, j)) < pivot);
      if (i >= j) break;
      swap(keys, i, j);
    }
    swap(keys, lo, j);
    // keys[j] is the pivot at its final rank j.
    if (j == k - 1 || j == k) return;
    if (j > k) hi = j - 1;
    else lo = j + 1;
  }
}

/**
 * Rows [start, end) of x [rows, n] (32-bit elements: float32 unless isInt) → values and indices
 * [rows, k], sorted descending. Each participant uses `scratchBytes` of scratch from `part`'s slot:
 * 8·k bytes for the heap pass, 8·n for quickselect.
 */
export function topK(
  x: usize, values: usize, indices: usize, n: i32, k: i32, isInt: i32, scratch: usize, scratchBytes: i32,
  start: i32, end: i32, part: i32,
): void {
  if (k == 0) return;
  const keys = scratch + <usize>part * <usize>scratchBytes;
  for (let r = start; r < end; r++) {
    const row = x + ((<usize>r * <usize>n) << 2);
    if (k <= HEAP_MAX_K && k <= n >> 3) {
      selectByHeap(row, n, k, isInt, keys);
    } else {
      for (let i = 0; i < n; i++) store<i64>(at(keys, i), elementKey(load<i32>(row + (<usize>i << 2)), i, isInt));
      if (k < n) selectByPartition(keys, n, k);
    }
    sortDescending(keys, k);
    const outValues = values + ((<usize>r * <usize>k) << 2);
    const outIndices = indices + ((<usize>r * <usize>k) << 2);
    for (let i = 0; i < k; i++) {
      const index = keyIndex(load<i64>(at(keys, i)));
      store<i32>(outIndices + (<usize>i << 2), index);
      store<i32>(outValues + (<usize>i << 2), load<i32>(row + (<usize>index << 2)));
    }
  }
}
