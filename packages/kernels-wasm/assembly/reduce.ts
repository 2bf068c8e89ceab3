// Reductions over any set of axes (src/reduce.ts's plan): x's elements at
//   keptOffset(o) + reducedOffset(r) + j + i      (j < run, i < inner)
// reduce over (r, j) into out[o·inner + i]. The plan merges adjacent axes, so the innermost axis
// is either kept (inner > 1, vectorised across the kept lanes: global pooling over H,W of NHWC)
// or reduced (run > 1, vectorised along the run: the last axis); the other axes give each
// output row's offset and each reduced position's offset, from a stride when they are one axis,
// else from a table. Threads split the output rows o.
//
// Results follow tfjs's cpu kernels, which reduce in JS numbers (f64): sum, mean and prod
// accumulate in f64 (float32 sums of thousands of terms drift by 1e-5; int32 sums wrap as JS's
// ToInt32 of the f64 sum does); max and min propagate NaN; all / any are min / max of bytes.
// float32 sum, mean, max, min, prod and bool all/any/max/min have SIMD loops; int32 inputs (and
// bool sums and products) take the cpu's loop in f64, element by element.
import { DTYPE_BOOL, DTYPE_F32, DTYPE_I32, toInt32 } from './binary';
import { demote4, upperHalf } from './simd';

export const REDUCE_SUM: i32 = 0;
export const REDUCE_MEAN: i32 = 1;
export const REDUCE_MAX: i32 = 2;
export const REDUCE_MIN: i32 = 3;
export const REDUCE_PROD: i32 = 4;
export const REDUCE_ALL: i32 = 5;
export const REDUCE_ANY: i32 = 6;

// @ts-ignore: decorator
@inline
function offsetOf(table: usize, stride: i32, index: i32): usize {
  return table == 0 ? <usize>index * <usize>stride : <usize>load<i32>(table + (<usize>index << 2));
}

// ---- float32 max / min, f32x4 (NaN propagates through f32x4.max / min as through the cpu's loop).

// @ts-ignore: decorator
@inline
function pick(isMax: bool, a: v128, b: v128): v128 {
  return isMax ? f32x4.max(a, b) : f32x4.min(a, b);
}

// @ts-ignore: decorator
@inline
function extremeAcross(
  isMax: bool, x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, inner: i32, start: i32, end: i32,
): void {
  const init = f32x4.splat(isMax ? -Infinity : Infinity);
  for (let o = start; o < end; o++) {
    const base = x + (offsetOf(keptOffsets, keptStride, o) << 2);
    const dst = out + ((<usize>o * <usize>inner) << 2);
    let i = 0;
    for (; i + 16 <= inner; i += 16) {
      let a0 = init, a1 = init, a2 = init, a3 = init;
      for (let r = 0; r < reducedCount; r++) {
        const p = base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2);
        a0 = pick(isMax, a0, v128.load(p));
        a1 = pick(isMax, a1, v128.load(p, 16));
        a2 = pick(isMax, a2, v128.load(p, 32));
        a3 = pick(isMax, a3, v128.load(p, 48));
      }
      const q = dst + (<usize>i << 2);
      v128.store(q, a0);
      v128.store(q, a1, 16);
      v128.store(q, a2, 32);
      v128.store(q, a3, 48);
    }
    for (; i + 4 <= inner; i += 4) {
      let a = init;
      for (let r = 0; r < reducedCount; r++) a = pick(isMax, a, v128.load(base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2)));
      v128.store(dst + (<usize>i << 2), a);
    }
    for (; i < inner; i++) {
      let a: f32 = isMax ? -Infinity : Infinity;
      for (let r = 0; r < reducedCount; r++) {
        const v = load<f32>(base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2));
        a = isMax ? Mathf.max(a, v) : Mathf.min(a, v);
      }
      store<f32>(dst + (<usize>i << 2), a);
    }
  }
}

// @ts-ignore: decorator
@inline
function extremeAlong(
  isMax: bool, x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, run: i32, start: i32, end: i32,
): void {
  const init = f32x4.splat(isMax ? -Infinity : Infinity);
  for (let o = start; o < end; o++) {
    const base = x + (offsetOf(keptOffsets, keptStride, o) << 2);
    let a0 = init, a1 = init;
    let tail: f32 = isMax ? -Infinity : Infinity;
    for (let r = 0; r < reducedCount; r++) {
      const src = base + (offsetOf(reducedOffsets, reducedStride, r) << 2);
      let j = 0;
      for (; j + 8 <= run; j += 8) {
        a0 = pick(isMax, a0, v128.load(src + (<usize>j << 2)));
        a1 = pick(isMax, a1, v128.load(src + (<usize>j << 2), 16));
      }
      for (; j < run; j++) {
        const v = load<f32>(src + (<usize>j << 2));
        tail = isMax ? Mathf.max(tail, v) : Mathf.min(tail, v);
      }
    }
    const a = pick(isMax, a0, a1);
    let result = isMax
      ? Mathf.max(Mathf.max(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)), Mathf.max(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)))
      : Mathf.min(Mathf.min(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)), Mathf.min(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
    result = isMax ? Mathf.max(result, tail) : Mathf.min(result, tail);
    store<f32>(out + (<usize>o << 2), result);
  }
}

// ---- float32 sum / mean, in f64 (two f64x2 per f32x4).

function sumAcross(
  x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, inner: i32, divisor: f64, start: i32, end: i32,
): void {
  const d = f64x2.splat(divisor);
  for (let o = start; o < end; o++) {
    const base = x + (offsetOf(keptOffsets, keptStride, o) << 2);
    const dst = out + ((<usize>o * <usize>inner) << 2);
    let i = 0;
    for (; i + 8 <= inner; i += 8) {
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (let r = 0; r < reducedCount; r++) {
        const p = base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2);
        const v = v128.load(p);
        const w = v128.load(p, 16);
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(upperHalf(v)));
        a2 = f64x2.add(a2, f64x2.promote_low_f32x4(w));
        a3 = f64x2.add(a3, f64x2.promote_low_f32x4(upperHalf(w)));
      }
      const q = dst + (<usize>i << 2);
      v128.store(q, demote4(f64x2.div(a0, d), f64x2.div(a1, d)));
      v128.store(q, demote4(f64x2.div(a2, d), f64x2.div(a3, d)), 16);
    }
    for (; i < inner; i++) {
      let a: f64 = 0;
      for (let r = 0; r < reducedCount; r++) a += <f64>load<f32>(base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2));
      store<f32>(dst + (<usize>i << 2), <f32>(a / divisor));
    }
  }
}

function sumAlong(
  x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, run: i32, divisor: f64, start: i32, end: i32,
): void {
  for (let o = start; o < end; o++) {
    const base = x + (offsetOf(keptOffsets, keptStride, o) << 2);
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    let sum: f64 = 0;
    for (let r = 0; r < reducedCount; r++) {
      const src = base + (offsetOf(reducedOffsets, reducedStride, r) << 2);
      let j = 0;
      for (; j + 4 <= run; j += 4) {
        const v = v128.load(src + (<usize>j << 2));
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(upperHalf(v)));
      }
      for (; j < run; j++) sum += <f64>load<f32>(src + (<usize>j << 2));
    }
    const lanes = f64x2.add(a0, a1);
    sum += f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
    store<f32>(out + (<usize>o << 2), <f32>(sum / divisor));
  }
}

// ---- float32 prod, in f64 (the product of f32s is exact in f64 for a few factors, and the cpu
// multiplies in f64): across kept lanes in f64x2 (the cpu's order), along a run in four f64
// chains (another order: products equal after rounding to f32 but for rare boundary cases).

function prodAcross(
  x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, inner: i32, start: i32, end: i32,
): void {
  for (let o = start; o < end; o++) {
    const base = x + (offsetOf(keptOffsets, keptStride, o) << 2);
    const dst = out + ((<usize>o * <usize>inner) << 2);
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let a0 = f64x2.splat(1), a1 = f64x2.splat(1);
      for (let r = 0; r < reducedCount; r++) {
        const v = v128.load(base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2));
        a0 = f64x2.mul(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.mul(a1, f64x2.promote_low_f32x4(upperHalf(v)));
      }
      v128.store(dst + (<usize>i << 2), demote4(a0, a1));
    }
    for (; i < inner; i++) {
      let a: f64 = 1;
      for (let r = 0; r < reducedCount; r++) a *= <f64>load<f32>(base + ((offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << 2));
      store<f32>(dst + (<usize>i << 2), <f32>a);
    }
  }
}

function prodAlong(
  x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, run: i32, start: i32, end: i32,
): void {
  for (let o = start; o < end; o++) {
    const base = x + (offsetOf(keptOffsets, keptStride, o) << 2);
    let a0 = f64x2.splat(1), a1 = f64x2.splat(1);
    let product: f64 = 1;
    for (let r = 0; r < reducedCount; r++) {
      const src = base + (offsetOf(reducedOffsets, reducedStride, r) << 2);
      let j = 0;
      for (; j + 4 <= run; j += 4) {
        const v = v128.load(src + (<usize>j << 2));
        a0 = f64x2.mul(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.mul(a1, f64x2.promote_low_f32x4(upperHalf(v)));
      }
      for (; j < run; j++) product *= <f64>load<f32>(src + (<usize>j << 2));
    }
    const lanes = f64x2.mul(a0, a1);
    store<f32>(out + (<usize>o << 2), <f32>(f64x2.extract_lane(lanes, 0) * f64x2.extract_lane(lanes, 1) * product));
  }
}

// ---- bool all / any: min / max of bytes, 16 lanes a step.

// @ts-ignore: decorator
@inline
function boolAcross(
  isAny: bool, x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, inner: i32, start: i32, end: i32,
): void {
  for (let o = start; o < end; o++) {
    const base = x + offsetOf(keptOffsets, keptStride, o);
    const dst = out + <usize>o * <usize>inner;
    let i = 0;
    for (; i + 16 <= inner; i += 16) {
      let a = i8x16.splat(isAny ? 0 : 1);
      for (let r = 0; r < reducedCount; r++) {
        const v = v128.load(base + offsetOf(reducedOffsets, reducedStride, r) + <usize>i);
        a = isAny ? i8x16.max_u(a, v) : i8x16.min_u(a, v);
      }
      v128.store(dst + <usize>i, a);
    }
    for (; i < inner; i++) {
      let a: u8 = isAny ? 0 : 1;
      for (let r = 0; r < reducedCount; r++) {
        const v = load<u8>(base + offsetOf(reducedOffsets, reducedStride, r) + <usize>i);
        a = isAny ? max<u8>(a, v) : min<u8>(a, v);
      }
      store<u8>(dst + <usize>i, a);
    }
  }
}

// @ts-ignore: decorator
@inline
function boolAlong(
  isAny: bool, x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize, reducedStride: i32,
  reducedCount: i32, run: i32, start: i32, end: i32,
): void {
  for (let o = start; o < end; o++) {
    const base = x + offsetOf(keptOffsets, keptStride, o);
    let a = i8x16.splat(isAny ? 0 : 1);
    let tail: u8 = isAny ? 0 : 1;
    for (let r = 0; r < reducedCount; r++) {
      const src = base + offsetOf(reducedOffsets, reducedStride, r);
      let j = 0;
      for (; j + 16 <= run; j += 16) a = isAny ? i8x16.max_u(a, v128.load(src + <usize>j)) : i8x16.min_u(a, v128.load(src + <usize>j));
      for (; j < run; j++) tail = isAny ? max<u8>(tail, load<u8>(src + <usize>j)) : min<u8>(tail, load<u8>(src + <usize>j));
    }
    // Across the 16 lanes: any lane set (any) / all lanes set (all).
    const lanes: u8 = isAny ? (v128.any_true(a) ? 1 : 0) : (i8x16.all_true(a) ? 1 : 0);
    store<u8>(out + <usize>o, isAny ? max<u8>(lanes, tail) : min<u8>(lanes, tail));
  }
}

// ---- Everything else (prod, int32 and bool inputs of the numeric ops): the cpu's loop in f64.

// @ts-ignore: decorator
@inline
function loadAs(dtype: i32, p: usize): f64 {
  if (dtype == DTYPE_F32) return <f64>load<f32>(p);
  if (dtype == DTYPE_I32) return <f64>load<i32>(p);
  return <f64>load<u8>(p);
}

function generic(
  op: i32, dtype: i32, outDtype: i32, x: usize, out: usize, keptOffsets: usize, keptStride: i32, reducedOffsets: usize,
  reducedStride: i32, reducedCount: i32, run: i32, inner: i32, start: i32, end: i32,
): void {
  const shift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  const outShift: usize = outDtype == DTYPE_BOOL ? 0 : 2;
  const count = <f64>reducedCount * <f64>run;
  for (let o = start; o < end; o++) {
    const base = offsetOf(keptOffsets, keptStride, o);
    for (let i = 0; i < inner; i++) {
      let a: f64 = op == REDUCE_PROD || op == REDUCE_ALL ? 1 : op == REDUCE_MAX ? -Infinity : op == REDUCE_MIN ? Infinity : 0;
      for (let r = 0; r < reducedCount; r++) {
        const p = x + ((base + offsetOf(reducedOffsets, reducedStride, r) + <usize>i) << shift);
        for (let j = 0; j < run; j++) {
          const v = loadAs(dtype, p + (<usize>j << shift));
          if (op == REDUCE_SUM || op == REDUCE_MEAN) a += v;
          else if (op == REDUCE_PROD) a *= v;
          else if (op == REDUCE_MAX || op == REDUCE_ANY) a = v != v || v > a ? v : a;
          else a = v != v || v < a ? v : a;
        }
      }
      if (op == REDUCE_MEAN) a /= count;
      const q = out + ((<usize>o * <usize>inner + <usize>i) << outShift);
      if (outDtype == DTYPE_F32) store<f32>(q, <f32>a);
      else if (outDtype == DTYPE_I32) store<i32>(q, toInt32(a));
      else store<u8>(q, <u8>a);
    }
  }
}

/**
 * Output rows [start, end) of a reduction (see the top of this file): `op` a REDUCE_* code, dtype
 * and outDtype binary.ts's DTYPE_* codes (tfjs's cpu result dtypes: mean is float32, sum and prod
 * of int32 or bool are int32, the rest keep x's). A zero table pointer means offsets o·keptStride
 * (r·reducedStride) instead of a table of i32 element offsets. Requires reducedCount, run >= 1.
 */
export function reduceRange(
  x: usize, out: usize, op: i32, dtype: i32, outDtype: i32, keptOffsets: usize, keptStride: i32, reducedOffsets: usize,
  reducedStride: i32, reducedCount: i32, run: i32, inner: i32, start: i32, end: i32, part: i32,
): void {
  const along = inner == 1;
  if (dtype == DTYPE_F32 && (op == REDUCE_MAX || op == REDUCE_MIN)) {
    const isMax = op == REDUCE_MAX;
    if (along) {
      if (isMax) extremeAlong(true, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, start, end);
      else extremeAlong(false, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, start, end);
    } else if (run == 1) {
      if (isMax) extremeAcross(true, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, inner, start, end);
      else extremeAcross(false, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, inner, start, end);
    } else {
      generic(op, dtype, outDtype, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, inner, start, end);
    }
    return;
  }
  if (dtype == DTYPE_F32 && outDtype == DTYPE_F32 && (op == REDUCE_SUM || op == REDUCE_MEAN)) {
    const divisor: f64 = op == REDUCE_MEAN ? <f64>reducedCount * <f64>run : 1;
    if (along) sumAlong(x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, divisor, start, end);
    else if (run == 1) sumAcross(x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, inner, divisor, start, end);
    else generic(op, dtype, outDtype, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, inner, start, end);
    return;
  }
  if (dtype == DTYPE_F32 && op == REDUCE_PROD) {
    if (along) prodAlong(x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, start, end);
    else if (run == 1) prodAcross(x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, inner, start, end);
    else generic(op, dtype, outDtype, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, inner, start, end);
    return;
  }
  if (dtype == DTYPE_BOOL && outDtype == DTYPE_BOOL && (op == REDUCE_ALL || op == REDUCE_ANY || op == REDUCE_MAX || op == REDUCE_MIN)) {
    const isAny = op == REDUCE_ANY || op == REDUCE_MAX;
    if (along) {
      if (isAny) boolAlong(true, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, start, end);
      else boolAlong(false, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, start, end);
    } else if (run == 1) {
      if (isAny) boolAcross(true, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, inner, start, end);
      else boolAcross(false, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, inner, start, end);
    } else {
      generic(op, dtype, outDtype, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, inner, start, end);
    }
    return;
  }
  generic(op, dtype, outDtype, x, out, keptOffsets, keptStride, reducedOffsets, reducedStride, reducedCount, run, inner, start, end);
}

// ---- ArgMax / ArgMin over one axis: x as [outer, reduced, inner] → int32 indices [outer, inner].
// The cpu's loop: the first value is the running best, and a later one replaces it only when
// strictly greater (less): ties keep the first index, NaN never wins, a NaN first value stays.

/** Rows along the last axis (inner = 1): the best non-NaN value (f32x4.pmax / pmin skip NaN), then its first index. */
// @ts-ignore: decorator
@inline
function argAlong(isMax: bool, x: usize, out: usize, reduced: i32, start: i32, end: i32): void {
  for (let o = start; o < end; o++) {
    const src = x + ((<usize>o * <usize>reduced) << 2);
    const first = load<f32>(src);
    let index = 0;
    if (first == first) {
      let best = f32x4.splat(first);
      let j = 0;
      for (; j + 4 <= reduced; j += 4) {
        const v = v128.load(src + (<usize>j << 2));
        best = isMax ? f32x4.pmax(best, v) : f32x4.pmin(best, v);
      }
      let m = isMax
        ? max<f32>(max<f32>(f32x4.extract_lane(best, 0), f32x4.extract_lane(best, 1)), max<f32>(f32x4.extract_lane(best, 2), f32x4.extract_lane(best, 3)))
        : min<f32>(min<f32>(f32x4.extract_lane(best, 0), f32x4.extract_lane(best, 1)), min<f32>(f32x4.extract_lane(best, 2), f32x4.extract_lane(best, 3)));
      for (; j < reduced; j++) {
        const v = load<f32>(src + (<usize>j << 2));
        if (isMax ? v > m : v < m) m = v;
      }
      // The first index holding it (±0 compare equal, as the cpu's strict compare keeps the first).
      const target = f32x4.splat(m);
      j = 0;
      for (; j + 4 <= reduced; j += 4) {
        const mask = i32x4.bitmask(f32x4.eq(v128.load(src + (<usize>j << 2)), target));
        if (mask != 0) break;
      }
      while (load<f32>(src + (<usize>j << 2)) != m) j++;
      index = j;
    }
    store<i32>(out + (<usize>o << 2), index);
  }
}

/** Inner > 1: four kept lanes at a time, each keeping its best value and index as the cpu's loop does. */
// @ts-ignore: decorator
@inline
function argAcross(isMax: bool, x: usize, out: usize, reduced: i32, inner: i32, start: i32, end: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = start; o < end; o++) {
    const src = x + <usize>o * <usize>reduced * rowBytes;
    const dst = out + <usize>o * rowBytes;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let p = src + (<usize>i << 2);
      let best = v128.load(p);
      let index = i32x4.splat(0);
      for (let r = 1; r < reduced; r++) {
        p += rowBytes;
        const v = v128.load(p);
        const better = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
        best = v128.bitselect(v, best, better);
        index = v128.bitselect(i32x4.splat(r), index, better);
      }
      v128.store(dst + (<usize>i << 2), index);
    }
    for (; i < inner; i++) {
      let p = src + (<usize>i << 2);
      let best = load<f32>(p);
      let index = 0;
      for (let r = 1; r < reduced; r++) {
        p += rowBytes;
        const v = load<f32>(p);
        if (isMax ? v > best : v < best) {
          best = v;
          index = r;
        }
      }
      store<i32>(dst + (<usize>i << 2), index);
    }
  }
}

function argGeneric(isMax: bool, dtype: i32, x: usize, out: usize, reduced: i32, inner: i32, start: i32, end: i32): void {
  const shift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  for (let o = start; o < end; o++) {
    for (let i = 0; i < inner; i++) {
      const src = x + ((<usize>o * <usize>reduced * <usize>inner + <usize>i) << shift);
      let best = loadAs(dtype, src);
      let index = 0;
      for (let r = 1; r < reduced; r++) {
        const v = loadAs(dtype, src + ((<usize>r * <usize>inner) << shift));
        if (isMax ? v > best : v < best) {
          best = v;
          index = r;
        }
      }
      store<i32>(out + ((<usize>o * <usize>inner + <usize>i) << 2), index);
    }
  }
}

function argMaxAlong(x: usize, out: usize, reduced: i32, start: i32, end: i32): void { argAlong(true, x, out, reduced, start, end); }
function argMinAlong(x: usize, out: usize, reduced: i32, start: i32, end: i32): void { argAlong(false, x, out, reduced, start, end); }
function argMaxAcross(x: usize, out: usize, reduced: i32, inner: i32, start: i32, end: i32): void { argAcross(true, x, out, reduced, inner, start, end); }
function argMinAcross(x: usize, out: usize, reduced: i32, inner: i32, start: i32, end: i32): void { argAcross(false, x, out, reduced, inner, start, end); }

/**
 * Output rows [start, end) of ArgMax (isMax 1) / ArgMin (0) of x [outer, reduced, inner] over the
 * middle axis into int32 out [outer, inner]. Requires reduced >= 1.
 */
export function argReduceRange(
  x: usize, out: usize, isMax: i32, dtype: i32, reduced: i32, inner: i32, start: i32, end: i32, part: i32,
): void {
  if (dtype != DTYPE_F32) argGeneric(isMax != 0, dtype, x, out, reduced, inner, start, end);
  else if (inner == 1) {
    if (isMax != 0) argMaxAlong(x, out, reduced, start, end);
    else argMinAlong(x, out, reduced, start, end);
  } else if (isMax != 0) argMaxAcross(x, out, reduced, inner, start, end);
  else argMinAcross(x, out, reduced, inner, start, end);
}
