// Cumsum and Cumprod along one axis of x viewed as [outer, n, inner], inclusive or exclusive,
// forwards or reversed. As tfjs's cpu kernels store each partial result into the output's typed
// array before the next step, float32 scans add (multiply) in f32 step by step, and int32 ones
// wrap (products as JS rounds them past 2^53): the same values, in the same order. bool inputs
// give int32 results. Vectorised across the kept inner lanes; along the axis a scan is serial.
import { DTYPE_BOOL, DTYPE_F32, mulInt32 } from './binary';

export const SCAN_SUM: i32 = 0;
export const SCAN_PROD: i32 = 1;

// @ts-ignore: decorator
@inline
function floatScan(isProd: bool, x: usize, out: usize, n: i32, inner: i32, exclusive: bool, reverse: bool, start: i32, end: i32): void {
  const rowBytes = <usize>inner << 2;
  const step: isize = reverse ? -(<isize>rowBytes) : <isize>rowBytes;
  const identity = f32x4.splat(isProd ? 1 : 0);
  for (let o = start; o < end; o++) {
    const first: usize = (<usize>o * <usize>n + (reverse ? <usize>(n - 1) : 0)) * rowBytes;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      let p = x + first + (<usize>i << 2);
      let q = out + first + (<usize>i << 2);
      let acc = exclusive ? identity : v128.load(p);
      v128.store(q, acc);
      for (let k = 1; k < n; k++) {
        const previous = v128.load(p);
        p += <usize>step;
        q += <usize>step;
        const v = exclusive ? previous : v128.load(p);
        acc = isProd ? f32x4.mul(v, acc) : f32x4.add(v, acc);
        v128.store(q, acc);
      }
    }
    for (; i < inner; i++) {
      let p = x + first + (<usize>i << 2);
      let q = out + first + (<usize>i << 2);
      let acc: f32 = exclusive ? (isProd ? 1 : 0) : load<f32>(p);
      store<f32>(q, acc);
      for (let k = 1; k < n; k++) {
        const previous = load<f32>(p);
        p += <usize>step;
        q += <usize>step;
        const v = exclusive ? previous : load<f32>(p);
        acc = isProd ? v * acc : v + acc;
        store<f32>(q, acc);
      }
    }
  }
}

function cumsumF32(x: usize, out: usize, n: i32, inner: i32, exclusive: bool, reverse: bool, start: i32, end: i32): void {
  floatScan(false, x, out, n, inner, exclusive, reverse, start, end);
}

function cumprodF32(x: usize, out: usize, n: i32, inner: i32, exclusive: bool, reverse: bool, start: i32, end: i32): void {
  floatScan(true, x, out, n, inner, exclusive, reverse, start, end);
}

/** int32 and bool inputs (int32 results), element by element. */
function intScan(isProd: bool, dtype: i32, x: usize, out: usize, n: i32, inner: i32, exclusive: bool, reverse: bool, start: i32, end: i32): void {
  const shift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  for (let o = start; o < end; o++) {
    for (let i = 0; i < inner; i++) {
      let acc: i32 = isProd ? 1 : 0;
      for (let k = 0; k < n; k++) {
        const index = <usize>o * <usize>n * <usize>inner + <usize>(reverse ? n - 1 - k : k) * <usize>inner + <usize>i;
        const v: i32 = dtype == DTYPE_BOOL ? <i32>load<u8>(x + index) : load<i32>(x + (index << shift));
        if (exclusive) store<i32>(out + (index << 2), acc);
        acc = isProd ? mulInt32(v, acc) : v + acc;
        if (!exclusive) store<i32>(out + (index << 2), acc);
      }
    }
  }
}

/**
 * Output rows [start, end) (of `outer`) of a cumulative sum (op 0) or product (1) along the middle
 * axis of x [outer, n, inner]; dtype: binary.ts's DTYPE_* (bool in, int32 out). Requires n >= 1.
 */
export function cumulativeRange(
  x: usize, out: usize, op: i32, dtype: i32, n: i32, inner: i32, exclusive: i32, reverse: i32, start: i32, end: i32, part: i32,
): void {
  if (dtype == DTYPE_F32) {
    if (op == SCAN_PROD) cumprodF32(x, out, n, inner, exclusive != 0, reverse != 0, start, end);
    else cumsumF32(x, out, n, inner, exclusive != 0, reverse != 0, start, end);
  } else {
    intScan(op == SCAN_PROD, dtype, x, out, n, inner, exclusive != 0, reverse != 0, start, end);
  }
}

/**
 * Elements [start, end) of out = inputs[0] + … + inputs[count - 1] (an i32 table of pointers),
 * added in order from 0 as tfjs's cpu AddN does: f32 steps (int32 wrapping).
 */
export function addNRange(out: usize, inputs: usize, count: i32, dtype: i32, start: i32, end: i32, part: i32): void {
  const offset = <usize>start << 2;
  const n = end - start;
  let i = 0;
  if (dtype == DTYPE_F32) {
    for (; i + 16 <= n; i += 16) {
      const at = offset + (<usize>i << 2);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let k = 0; k < count; k++) {
        const p = <usize>load<i32>(inputs + (<usize>k << 2)) + at;
        a0 = f32x4.add(a0, v128.load(p));
        a1 = f32x4.add(a1, v128.load(p, 16));
        a2 = f32x4.add(a2, v128.load(p, 32));
        a3 = f32x4.add(a3, v128.load(p, 48));
      }
      v128.store(out + at, a0);
      v128.store(out + at, a1, 16);
      v128.store(out + at, a2, 32);
      v128.store(out + at, a3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const at = offset + (<usize>i << 2);
      let acc = f32x4.splat(0);
      for (let k = 0; k < count; k++) acc = f32x4.add(acc, v128.load(<usize>load<i32>(inputs + (<usize>k << 2)) + at));
      v128.store(out + at, acc);
    }
    for (; i < n; i++) {
      const at = offset + (<usize>i << 2);
      let acc: f32 = 0;
      for (let k = 0; k < count; k++) acc += load<f32>(<usize>load<i32>(inputs + (<usize>k << 2)) + at);
      store<f32>(out + at, acc);
    }
  } else {
    for (; i + 4 <= n; i += 4) {
      const at = offset + (<usize>i << 2);
      let acc = i32x4.splat(0);
      for (let k = 0; k < count; k++) acc = i32x4.add(acc, v128.load(<usize>load<i32>(inputs + (<usize>k << 2)) + at));
      v128.store(out + at, acc);
    }
    for (; i < n; i++) {
      const at = offset + (<usize>i << 2);
      let acc: i32 = 0;
      for (let k = 0; k < count; k++) acc += load<i32>(<usize>load<i32>(inputs + (<usize>k << 2)) + at);
      store<i32>(out + at, acc);
    }
  }
}
