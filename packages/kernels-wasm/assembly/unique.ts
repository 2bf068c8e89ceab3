// Unique along an axis, as tfjs's cpu finds it: x viewed as [outer, n, inner]; slice i is
// x[:, i, :]; slices are equal when their values are (tfjs keys them by toString: -0 and 0 are one
// value, every NaN another), the first of equal slices is kept, in order of first appearance.
// An open-addressing hash table of slice indices finds repeats.
import { DTYPE_BOOL, DTYPE_F32 } from './binary';

/** A value's bits as tfjs's key sees it: -0 as 0, every NaN as one NaN. */
// @ts-ignore: decorator
@inline
function keyBits(dtype: i32, p: usize): u32 {
  if (dtype == DTYPE_BOOL) return <u32>load<u8>(p);
  const bits = load<u32>(p);
  if (dtype != DTYPE_F32) return bits;
  const v = load<f32>(p);
  if (v != v) return 0x7fc00000;
  return v == 0 ? 0 : bits;
}

function sameSlice(x: usize, dtype: i32, outer: i32, n: i32, inner: i32, i: i32, j: i32): bool {
  const shift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  for (let m = 0; m < outer; m++) {
    const row = <usize>m * <usize>n;
    for (let k = 0; k < inner; k++) {
      const a = x + (((row + <usize>i) * <usize>inner + <usize>k) << shift);
      const b = x + (((row + <usize>j) * <usize>inner + <usize>k) << shift);
      if (keyBits(dtype, a) != keyBits(dtype, b)) return false;
    }
  }
  return true;
}

/**
 * Writes indices[n] (each slice's unique index) and out [outer, count, inner] (the kept slices),
 * returns count. table: `tableSize` (a power of two > n) i32 of scratch.
 */
export function unique(
  x: usize, out: usize, indices: usize, dtype: i32, outer: i32, n: i32, inner: i32, table: usize, tableSize: i32, firsts: usize,
): i32 {
  const shift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  memory.fill(table, 0xff, <usize>tableSize << 2);
  if (outer == 1 && inner == 1 && dtype != DTYPE_BOOL) return uniqueValues(x, out, indices, dtype, n, table, tableSize);
  let count = 0;
  for (let i = 0; i < n; i++) {
    // FNV-1a over the slice's key bits.
    let h: u32 = 2166136261;
    for (let m = 0; m < outer; m++) {
      for (let k = 0; k < inner; k++) {
        h = (h ^ keyBits(dtype, x + ((((<usize>m * <usize>n) + <usize>i) * <usize>inner + <usize>k) << shift))) * 16777619;
      }
    }
    let slot = <i32>(h & <u32>(tableSize - 1));
    let found = -1;
    for (;;) {
      const entry = load<i32>(table + (<usize>slot << 2));
      if (entry < 0) break;
      if (sameSlice(x, dtype, outer, n, inner, load<i32>(firsts + (<usize>entry << 2)), i)) {
        found = entry;
        break;
      }
      slot = (slot + 1) & (tableSize - 1);
    }
    if (found < 0) {
      found = count++;
      store<i32>(table + (<usize>slot << 2), found);
      store<i32>(firsts + (<usize>found << 2), i);
    }
    store<i32>(indices + (<usize>i << 2), found);
  }
  const sliceBytes = <usize>inner << shift;
  for (let m = 0; m < outer; m++) {
    for (let u = 0; u < count; u++) {
      const src = x + ((<usize>m * <usize>n + <usize>load<i32>(firsts + (<usize>u << 2))) * sliceBytes);
      memory.copy(out + ((<usize>m * <usize>count + <usize>u) * sliceBytes), src, sliceBytes);
    }
  }
  return count;
}

/** A vector of 4-byte values: keys hashed by a multiply, compared directly. */
function uniqueValues(x: usize, out: usize, indices: usize, dtype: i32, n: i32, table: usize, tableSize: i32): i32 {
  const mask = <u32>(tableSize - 1);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const key = keyBits(dtype, x + (<usize>i << 2));
    let slot = ((key * 2654435769) >>> 7) & mask;
    let found = -1;
    for (;;) {
      const entry = load<i32>(table + (<usize>slot << 2));
      if (entry < 0) break;
      if (keyBits(dtype, out + (<usize>entry << 2)) == key) {
        found = entry;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (found < 0) {
      found = count++;
      store<i32>(table + (<usize>slot << 2), found);
      store<u32>(out + (<usize>found << 2), load<u32>(x + (<usize>i << 2)));
    }
    store<i32>(indices + (<usize>i << 2), found);
  }
  return count;
}
