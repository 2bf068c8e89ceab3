// Elementwise binary kernels with tfjs's N-d broadcasting, on float32, int32 and bool (one byte)
// operands. The JS side (src/binary.ts) collapses the broadcast into rows: an inner run of
// `inner` elements in which each operand is either contiguous or one repeated value (a scalar for
// that row), and outer dims whose strides place each row's operands. Same-shape and scalar
// operands are one row, which threads split by elements; everything else splits by rows.
//
// Results follow tfjs's cpu kernels, which compute in JS numbers (f64) and store into the
// output's typed array: +, -, ×, ÷, max, min in f32 equal the f64-then-rounded result (one
// rounding of an exact operation), so they run as f32x4; squared difference and floor division
// round twice in f32, so they run in f64; pow, atan2 and mod call the f64 libm (musl's, as
// AssemblyScript ships it) per element. int32 results are the f64 result converted as JS
// stores into an Int32Array (ToInt32: NaN and ±Infinity give 0, large values wrap).

import { demote4, masksToBytes, upperHalf } from './simd';

export const OP_ADD: i32 = 0;
export const OP_SUB: i32 = 1;
export const OP_MUL: i32 = 2;
export const OP_DIV: i32 = 3;
export const OP_MAX: i32 = 4;
export const OP_MIN: i32 = 5;
export const OP_POW: i32 = 6;
export const OP_SQUARED_DIFFERENCE: i32 = 7;
export const OP_ATAN2: i32 = 8;
export const OP_MOD: i32 = 9;
export const OP_FLOOR_DIV: i32 = 10;
export const OP_EQUAL: i32 = 11;
export const OP_NOT_EQUAL: i32 = 12;
export const OP_GREATER: i32 = 13;
export const OP_GREATER_EQUAL: i32 = 14;
export const OP_LESS: i32 = 15;
export const OP_LESS_EQUAL: i32 = 16;
export const OP_LOGICAL_AND: i32 = 17;
export const OP_LOGICAL_OR: i32 = 18;
export const OP_LOGICAL_XOR: i32 = 19;
export const OP_BITWISE_AND: i32 = 20;

export const DTYPE_F32: i32 = 0;
export const DTYPE_I32: i32 = 1;
export const DTYPE_BOOL: i32 = 2;

/** How a row's operands line up: both contiguous, or one of them a single repeated value. */
export const ROW_SAME: i32 = 0;
export const ROW_A_SCALAR: i32 = 1;
export const ROW_B_SCALAR: i32 = 2;

/** JS's ToInt32, as storing a number into an Int32Array does: NaN and ±Infinity → 0, wrap mod 2^32. */
// @ts-ignore: decorator
@inline
export function toInt32(x: f64): i32 {
  if (x >= -2147483648.0 && x < 2147483648.0) return <i32>x;
  return toInt32Wide(x);
}

function toInt32Wide(x: f64): i32 {
  if (!isFinite<f64>(x)) return 0;
  // fmod is exact, and |t % 2^32| < 2^32 converts to i64 exactly; its low 32 bits are the answer.
  return <i32><i64>(Math.trunc(x) % 4294967296.0);
}

/** a·b of two int32s as JS computes it (an f64 product, rounded beyond 2^53), then ToInt32. */
// @ts-ignore: decorator
@inline
export function mulInt32(a: i32, b: i32): i32 {
  const p = <i64>a * <i64>b;
  if (p >= -9007199254740992 && p <= 9007199254740992) return <i32>p;
  return toInt32(<f64>p);
}

/** Math.pow's special cases where C's pow differs: a NaN exponent, and (±1)^±Infinity, are NaN. */
// @ts-ignore: decorator
@inline
export function jsPow(a: f64, b: f64): f64 {
  if (isNaN<f64>(b)) return NaN;
  if (Math.abs(a) == 1 && !isFinite<f64>(b)) return NaN;
  return Math.pow(a, b);
}

/** The f64 formula of an op as tfjs's cpu kernel writes it. */
// @ts-ignore: decorator
@inline
function scalarOp(op: i32, a: f64, b: f64): f64 {
  if (op == OP_ADD) return a + b;
  if (op == OP_SUB) return a - b;
  if (op == OP_MUL) return a * b;
  if (op == OP_DIV) return a / b;
  if (op == OP_POW) return jsPow(a, b);
  if (op == OP_SQUARED_DIFFERENCE) {
    const d = a - b;
    return d * d;
  }
  if (op == OP_ATAN2) return Math.atan2(a, b);
  if (op == OP_MOD) {
    const rem = a % b;
    if ((a < 0 && b < 0) || (a >= 0 && b >= 0)) return rem;
    return (rem + b) % b;
  }
  // OP_FLOOR_DIV
  return Math.floor(a / b);
}

// @ts-ignore: decorator
@inline
function compareScalar<T>(op: i32, a: T, b: T): u8 {
  if (op == OP_EQUAL) return a == b ? 1 : 0;
  if (op == OP_NOT_EQUAL) return a != b ? 1 : 0;
  if (op == OP_GREATER) return a > b ? 1 : 0;
  if (op == OP_GREATER_EQUAL) return a >= b ? 1 : 0;
  if (op == OP_LESS) return a < b ? 1 : 0;
  return a <= b ? 1 : 0;
}

// ---- float32 and int32 arithmetic that SIMD computes exactly.

// @ts-ignore: decorator
@inline
function simdOp(op: i32, dtype: i32, a: v128, b: v128): v128 {
  if (dtype == DTYPE_F32) {
    if (op == OP_ADD) return f32x4.add(a, b);
    if (op == OP_SUB) return f32x4.sub(a, b);
    if (op == OP_MUL) return f32x4.mul(a, b);
    if (op == OP_DIV) return f32x4.div(a, b);
    if (op == OP_MAX) return f32x4.max(a, b);
    if (op == OP_MIN) return f32x4.min(a, b);
    // OP_SQUARED_DIFFERENCE, in f64 (two f64x2 halves).
    const lo = f64x2.sub(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(b));
    const ah = upperHalf(a);
    const bh = upperHalf(b);
    const hi = f64x2.sub(f64x2.promote_low_f32x4(ah), f64x2.promote_low_f32x4(bh));
    return demote4(f64x2.mul(lo, lo), f64x2.mul(hi, hi));
  }
  if (op == OP_ADD) return i32x4.add(a, b);
  if (op == OP_SUB) return i32x4.sub(a, b);
  if (op == OP_MAX) return i32x4.max_s(a, b);
  if (op == OP_MIN) return i32x4.min_s(a, b);
  // OP_BITWISE_AND
  return v128.and(a, b);
}

// @ts-ignore: decorator
@inline
function simdTail(op: i32, dtype: i32, a: usize, b: usize, out: usize): void {
  if (dtype == DTYPE_F32) {
    const x = load<f32>(a);
    const y = load<f32>(b);
    let r: f32;
    if (op == OP_ADD) r = x + y;
    else if (op == OP_SUB) r = x - y;
    else if (op == OP_MUL) r = x * y;
    else if (op == OP_DIV) r = x / y;
    else if (op == OP_MAX) r = Mathf.max(x, y);
    else if (op == OP_MIN) r = Mathf.min(x, y);
    else r = <f32>scalarOp(OP_SQUARED_DIFFERENCE, <f64>x, <f64>y);
    store<f32>(out, r);
    return;
  }
  const x = load<i32>(a);
  const y = load<i32>(b);
  let r: i32;
  if (op == OP_ADD) r = x + y;
  else if (op == OP_SUB) r = x - y;
  else if (op == OP_MAX) r = max<i32>(x, y);
  else if (op == OP_MIN) r = min<i32>(x, y);
  else r = x & y;
  store<i32>(out, r);
}

/** One row of a SIMD op on 4-byte elements: 16 at a time, then 4, then one by one. */
// @ts-ignore: decorator
@inline
function simdRow(op: i32, dtype: i32, a: usize, b: usize, out: usize, n: i32, mode: i32): void {
  let i = 0;
  if (mode == ROW_SAME) {
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i << 2;
      const v0 = simdOp(op, dtype, v128.load(a + p), v128.load(b + p));
      const v1 = simdOp(op, dtype, v128.load(a + p, 16), v128.load(b + p, 16));
      const v2 = simdOp(op, dtype, v128.load(a + p, 32), v128.load(b + p, 32));
      const v3 = simdOp(op, dtype, v128.load(a + p, 48), v128.load(b + p, 48));
      v128.store(out + p, v0);
      v128.store(out + p, v1, 16);
      v128.store(out + p, v2, 32);
      v128.store(out + p, v3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      v128.store(out + p, simdOp(op, dtype, v128.load(a + p), v128.load(b + p)));
    }
    for (; i < n; i++) {
      const p = <usize>i << 2;
      simdTail(op, dtype, a + p, b + p, out + p);
    }
  } else if (mode == ROW_A_SCALAR) {
    const s = v128.load32_splat(a);
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i << 2;
      const v0 = simdOp(op, dtype, s, v128.load(b + p));
      const v1 = simdOp(op, dtype, s, v128.load(b + p, 16));
      const v2 = simdOp(op, dtype, s, v128.load(b + p, 32));
      const v3 = simdOp(op, dtype, s, v128.load(b + p, 48));
      v128.store(out + p, v0);
      v128.store(out + p, v1, 16);
      v128.store(out + p, v2, 32);
      v128.store(out + p, v3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      v128.store(out + p, simdOp(op, dtype, s, v128.load(b + p)));
    }
    for (; i < n; i++) {
      const p = <usize>i << 2;
      simdTail(op, dtype, a, b + p, out + p);
    }
  } else {
    const s = v128.load32_splat(b);
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i << 2;
      const v0 = simdOp(op, dtype, v128.load(a + p), s);
      const v1 = simdOp(op, dtype, v128.load(a + p, 16), s);
      const v2 = simdOp(op, dtype, v128.load(a + p, 32), s);
      const v3 = simdOp(op, dtype, v128.load(a + p, 48), s);
      v128.store(out + p, v0);
      v128.store(out + p, v1, 16);
      v128.store(out + p, v2, 32);
      v128.store(out + p, v3, 48);
    }
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      v128.store(out + p, simdOp(op, dtype, v128.load(a + p), s));
    }
    for (; i < n; i++) {
      const p = <usize>i << 2;
      simdTail(op, dtype, a + p, b, out + p);
    }
  }
}

// ---- Ops computed per element in f64 (pow, atan2, mod, floor division; and every int32 op
// whose f64 result can leave the int32 range).

// @ts-ignore: decorator
@inline
function scalarRow(op: i32, dtype: i32, outInt: bool, a: usize, b: usize, out: usize, n: i32, mode: i32): void {
  const aStep: usize = mode == ROW_A_SCALAR ? 0 : 4;
  const bStep: usize = mode == ROW_B_SCALAR ? 0 : 4;
  for (let i = 0; i < n; i++) {
    const x: f64 = dtype == DTYPE_F32 ? <f64>load<f32>(a) : <f64>load<i32>(a);
    const y: f64 = dtype == DTYPE_F32 ? <f64>load<f32>(b) : <f64>load<i32>(b);
    if (outInt) {
      if (dtype == DTYPE_I32 && op == OP_MUL) store<i32>(out, mulInt32(load<i32>(a), load<i32>(b)));
      else store<i32>(out, toInt32(scalarOp(op, x, y)));
    } else {
      store<f32>(out, <f32>scalarOp(op, x, y));
    }
    a += aStep;
    b += bStep;
    out += 4;
  }
}

// ---- Comparisons (bool results, one byte each) and the logical ops on bools.

// @ts-ignore: decorator
@inline
function compareVector(op: i32, dtype: i32, a: v128, b: v128): v128 {
  if (dtype == DTYPE_F32) {
    if (op == OP_EQUAL) return f32x4.eq(a, b);
    if (op == OP_NOT_EQUAL) return f32x4.ne(a, b);
    if (op == OP_GREATER) return f32x4.gt(a, b);
    if (op == OP_GREATER_EQUAL) return f32x4.ge(a, b);
    if (op == OP_LESS) return f32x4.lt(a, b);
    return f32x4.le(a, b);
  }
  if (op == OP_EQUAL) return i32x4.eq(a, b);
  if (op == OP_NOT_EQUAL) return i32x4.ne(a, b);
  if (op == OP_GREATER) return i32x4.gt_s(a, b);
  if (op == OP_GREATER_EQUAL) return i32x4.ge_s(a, b);
  if (op == OP_LESS) return i32x4.lt_s(a, b);
  return i32x4.le_s(a, b);
}

// @ts-ignore: decorator
@inline
function compareScalarAt(op: i32, dtype: i32, a: usize, b: usize): u8 {
  if (dtype == DTYPE_F32) return compareScalar<f32>(op, load<f32>(a), load<f32>(b));
  return compareScalar<i32>(op, load<i32>(a), load<i32>(b));
}

/** A comparison row on 4-byte elements, 16 at a time into 16 result bytes. */
// @ts-ignore: decorator
@inline
function compareRow(op: i32, dtype: i32, a: usize, b: usize, out: usize, n: i32, mode: i32): void {
  let i = 0;
  if (mode == ROW_SAME) {
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i << 2;
      v128.store(out + <usize>i, masksToBytes(
        compareVector(op, dtype, v128.load(a + p), v128.load(b + p)),
        compareVector(op, dtype, v128.load(a + p, 16), v128.load(b + p, 16)),
        compareVector(op, dtype, v128.load(a + p, 32), v128.load(b + p, 32)),
        compareVector(op, dtype, v128.load(a + p, 48), v128.load(b + p, 48)),
      ));
    }
    for (; i < n; i++) store<u8>(out + <usize>i, compareScalarAt(op, dtype, a + (<usize>i << 2), b + (<usize>i << 2)));
  } else if (mode == ROW_A_SCALAR) {
    const s = v128.load32_splat(a);
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i << 2;
      v128.store(out + <usize>i, masksToBytes(
        compareVector(op, dtype, s, v128.load(b + p)),
        compareVector(op, dtype, s, v128.load(b + p, 16)),
        compareVector(op, dtype, s, v128.load(b + p, 32)),
        compareVector(op, dtype, s, v128.load(b + p, 48)),
      ));
    }
    for (; i < n; i++) store<u8>(out + <usize>i, compareScalarAt(op, dtype, a, b + (<usize>i << 2)));
  } else {
    const s = v128.load32_splat(b);
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i << 2;
      v128.store(out + <usize>i, masksToBytes(
        compareVector(op, dtype, v128.load(a + p), s),
        compareVector(op, dtype, v128.load(a + p, 16), s),
        compareVector(op, dtype, v128.load(a + p, 32), s),
        compareVector(op, dtype, v128.load(a + p, 48), s),
      ));
    }
    for (; i < n; i++) store<u8>(out + <usize>i, compareScalarAt(op, dtype, a + (<usize>i << 2), b));
  }
}

// @ts-ignore: decorator
@inline
function boolVector(op: i32, a: v128, b: v128): v128 {
  if (op == OP_LOGICAL_AND) return v128.and(a, b);
  if (op == OP_LOGICAL_OR) return v128.or(a, b);
  if (op == OP_LOGICAL_XOR) return v128.xor(a, b);
  const one = i8x16.splat(1);
  if (op == OP_EQUAL) return v128.and(i8x16.eq(a, b), one);
  if (op == OP_NOT_EQUAL) return v128.and(i8x16.ne(a, b), one);
  if (op == OP_GREATER) return v128.and(i8x16.gt_u(a, b), one);
  if (op == OP_GREATER_EQUAL) return v128.and(i8x16.ge_u(a, b), one);
  if (op == OP_LESS) return v128.and(i8x16.lt_u(a, b), one);
  return v128.and(i8x16.le_u(a, b), one);
}

// @ts-ignore: decorator
@inline
function boolScalar(op: i32, a: u8, b: u8): u8 {
  if (op == OP_LOGICAL_AND) return a & b;
  if (op == OP_LOGICAL_OR) return a | b;
  if (op == OP_LOGICAL_XOR) return a ^ b;
  return compareScalar<u8>(op, a, b);
}

/** A row of a bool op (one byte per element, values 0 / 1), 16 at a time. */
// @ts-ignore: decorator
@inline
function boolRow(op: i32, a: usize, b: usize, out: usize, n: i32, mode: i32): void {
  let i = 0;
  if (mode == ROW_SAME) {
    for (; i + 16 <= n; i += 16) v128.store(out + <usize>i, boolVector(op, v128.load(a + <usize>i), v128.load(b + <usize>i)));
    for (; i < n; i++) store<u8>(out + <usize>i, boolScalar(op, load<u8>(a + <usize>i), load<u8>(b + <usize>i)));
  } else if (mode == ROW_A_SCALAR) {
    const s = v128.load8_splat(a);
    for (; i + 16 <= n; i += 16) v128.store(out + <usize>i, boolVector(op, s, v128.load(b + <usize>i)));
    for (; i < n; i++) store<u8>(out + <usize>i, boolScalar(op, load<u8>(a), load<u8>(b + <usize>i)));
  } else {
    const s = v128.load8_splat(b);
    for (; i + 16 <= n; i += 16) v128.store(out + <usize>i, boolVector(op, v128.load(a + <usize>i), s));
    for (; i < n; i++) store<u8>(out + <usize>i, boolScalar(op, load<u8>(a + <usize>i), load<u8>(b)));
  }
}

// ---- One function per (op, dtype): a hot loop specialised by constants gets its own function
// (inlined side by side, binaryen would merge the copies into one loop testing the op per element).

type Row = (a: usize, b: usize, out: usize, n: i32, mode: i32) => void;

function addF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_ADD, DTYPE_F32, a, b, out, n, mode); }
function subF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_SUB, DTYPE_F32, a, b, out, n, mode); }
function mulF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_MUL, DTYPE_F32, a, b, out, n, mode); }
function divF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_DIV, DTYPE_F32, a, b, out, n, mode); }
function maxF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_MAX, DTYPE_F32, a, b, out, n, mode); }
function minF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_MIN, DTYPE_F32, a, b, out, n, mode); }
function squaredDifferenceF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_SQUARED_DIFFERENCE, DTYPE_F32, a, b, out, n, mode); }
function powF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void {
  if (mode == ROW_B_SCALAR) {
    // Squares and square roots (normalisation layers) without a libm call per element; both are
    // exact: x·x and sqrt round once, as the cpu's f64 results do when rounded to f32.
    const e = load<f32>(b);
    if (e == 2) {
      mulF32(a, a, out, n, ROW_SAME);
      return;
    }
    if (e == 0.5) {
      sqrtRow(a, out, n);
      return;
    }
  }
  scalarRow(OP_POW, DTYPE_F32, false, a, b, out, n, mode);
}

/** Math.pow(x, 0.5): sqrt, except pow(-0, 0.5) = +0 and pow(-Infinity, 0.5) = +Infinity. */
function sqrtRow(a: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const minusInfinity = f32x4.splat(-Infinity);
  const infinity = f32x4.splat(Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    const v = v128.load(a + p);
    v128.store(out + p, v128.bitselect(infinity, f32x4.add(f32x4.sqrt(v), zero), f32x4.eq(v, minusInfinity)));
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    const v = load<f32>(a + p);
    store<f32>(out + p, v == -Infinity ? Infinity : Mathf.sqrt(v) + 0);
  }
}
function atan2F32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_ATAN2, DTYPE_F32, false, a, b, out, n, mode); }
function modF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_MOD, DTYPE_F32, false, a, b, out, n, mode); }
function floorDivF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_FLOOR_DIV, DTYPE_F32, true, a, b, out, n, mode); }

function addI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_ADD, DTYPE_I32, a, b, out, n, mode); }
function subI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_SUB, DTYPE_I32, a, b, out, n, mode); }
function maxI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_MAX, DTYPE_I32, a, b, out, n, mode); }
function minI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_MIN, DTYPE_I32, a, b, out, n, mode); }
function bitwiseAndI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { simdRow(OP_BITWISE_AND, DTYPE_I32, a, b, out, n, mode); }
function mulI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_MUL, DTYPE_I32, true, a, b, out, n, mode); }
function divI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_DIV, DTYPE_I32, true, a, b, out, n, mode); }
function powI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_POW, DTYPE_I32, true, a, b, out, n, mode); }
function squaredDifferenceI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_SQUARED_DIFFERENCE, DTYPE_I32, true, a, b, out, n, mode); }
function atan2I32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_ATAN2, DTYPE_I32, true, a, b, out, n, mode); }
function modI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_MOD, DTYPE_I32, true, a, b, out, n, mode); }
function floorDivI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { scalarRow(OP_FLOOR_DIV, DTYPE_I32, true, a, b, out, n, mode); }

function equalF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_EQUAL, DTYPE_F32, a, b, out, n, mode); }
function notEqualF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_NOT_EQUAL, DTYPE_F32, a, b, out, n, mode); }
function greaterF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_GREATER, DTYPE_F32, a, b, out, n, mode); }
function greaterEqualF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_GREATER_EQUAL, DTYPE_F32, a, b, out, n, mode); }
function lessF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_LESS, DTYPE_F32, a, b, out, n, mode); }
function lessEqualF32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_LESS_EQUAL, DTYPE_F32, a, b, out, n, mode); }
function equalI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_EQUAL, DTYPE_I32, a, b, out, n, mode); }
function notEqualI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_NOT_EQUAL, DTYPE_I32, a, b, out, n, mode); }
function greaterI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_GREATER, DTYPE_I32, a, b, out, n, mode); }
function greaterEqualI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_GREATER_EQUAL, DTYPE_I32, a, b, out, n, mode); }
function lessI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_LESS, DTYPE_I32, a, b, out, n, mode); }
function lessEqualI32(a: usize, b: usize, out: usize, n: i32, mode: i32): void { compareRow(OP_LESS_EQUAL, DTYPE_I32, a, b, out, n, mode); }

function equalBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_EQUAL, a, b, out, n, mode); }
function notEqualBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_NOT_EQUAL, a, b, out, n, mode); }
function greaterBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_GREATER, a, b, out, n, mode); }
function greaterEqualBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_GREATER_EQUAL, a, b, out, n, mode); }
function lessBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_LESS, a, b, out, n, mode); }
function lessEqualBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_LESS_EQUAL, a, b, out, n, mode); }
function logicalAndBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_LOGICAL_AND, a, b, out, n, mode); }
function logicalOrBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_LOGICAL_OR, a, b, out, n, mode); }
function logicalXorBool(a: usize, b: usize, out: usize, n: i32, mode: i32): void { boolRow(OP_LOGICAL_XOR, a, b, out, n, mode); }

function unsupported(a: usize, b: usize, out: usize, n: i32, mode: i32): void {
  unreachable();
}

function rowFor(op: i32, dtype: i32): Row {
  if (dtype == DTYPE_F32) {
    switch (op) {
      case OP_ADD: return addF32;
      case OP_SUB: return subF32;
      case OP_MUL: return mulF32;
      case OP_DIV: return divF32;
      case OP_MAX: return maxF32;
      case OP_MIN: return minF32;
      case OP_POW: return powF32;
      case OP_SQUARED_DIFFERENCE: return squaredDifferenceF32;
      case OP_ATAN2: return atan2F32;
      case OP_MOD: return modF32;
      case OP_FLOOR_DIV: return floorDivF32;
      case OP_EQUAL: return equalF32;
      case OP_NOT_EQUAL: return notEqualF32;
      case OP_GREATER: return greaterF32;
      case OP_GREATER_EQUAL: return greaterEqualF32;
      case OP_LESS: return lessF32;
      case OP_LESS_EQUAL: return lessEqualF32;
    }
  } else if (dtype == DTYPE_I32) {
    switch (op) {
      case OP_ADD: return addI32;
      case OP_SUB: return subI32;
      case OP_MUL: return mulI32;
      case OP_DIV: return divI32;
      case OP_MAX: return maxI32;
      case OP_MIN: return minI32;
      case OP_POW: return powI32;
      case OP_SQUARED_DIFFERENCE: return squaredDifferenceI32;
      case OP_ATAN2: return atan2I32;
      case OP_MOD: return modI32;
      case OP_FLOOR_DIV: return floorDivI32;
      case OP_EQUAL: return equalI32;
      case OP_NOT_EQUAL: return notEqualI32;
      case OP_GREATER: return greaterI32;
      case OP_GREATER_EQUAL: return greaterEqualI32;
      case OP_LESS: return lessI32;
      case OP_LESS_EQUAL: return lessEqualI32;
      case OP_BITWISE_AND: return bitwiseAndI32;
    }
  } else {
    switch (op) {
      case OP_EQUAL: return equalBool;
      case OP_NOT_EQUAL: return notEqualBool;
      case OP_GREATER: return greaterBool;
      case OP_GREATER_EQUAL: return greaterEqualBool;
      case OP_LESS: return lessBool;
      case OP_LESS_EQUAL: return lessEqualBool;
      case OP_LOGICAL_AND: return logicalAndBool;
      case OP_LOGICAL_OR: return logicalOrBool;
      case OP_LOGICAL_XOR: return logicalXorBool;
    }
  }
  return unsupported;
}

/**
 * out = a op b under a broadcast plan (src/binary.ts): rank 0 is one row of `inner` elements and
 * [start, end) a range of its elements; otherwise [start, end) are rows, the outer index space
 * dims = [shape, aStrides, bStrides] (rank i32 each, strides in elements), and `counters` holds
 * rank i32 per participant (`part`) for the row index. Element sizes: 4 bytes, 1 for bool;
 * results are bool for comparisons and logical ops, int32 for floor division.
 */
export function binaryRange(
  a: usize, b: usize, out: usize, op: i32, dtype: i32, inner: i32, mode: i32, rank: i32, dims: usize, counters: usize,
  start: i32, end: i32, part: i32,
): void {
  const row = rowFor(op, dtype);
  const inShift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  const outShift: usize = op >= OP_EQUAL && op <= OP_LOGICAL_XOR ? 0 : 2;
  if (rank == 0) {
    const offset = <usize>start;
    row(
      a + (mode == ROW_A_SCALAR ? 0 : offset << inShift),
      b + (mode == ROW_B_SCALAR ? 0 : offset << inShift),
      out + (offset << outShift), end - start, mode,
    );
    return;
  }
  const index = counters + ((<usize>part * <usize>rank) << 2);
  const shapes = dims;
  const aStrides = dims + (<usize>rank << 2);
  const bStrides = dims + (<usize>rank << 3);
  // The first row's multi-index and operand offsets.
  let aOffset: usize = 0;
  let bOffset: usize = 0;
  let rest = start;
  for (let d = rank - 1; d >= 0; d--) {
    const at = <usize>d << 2;
    const size = load<i32>(shapes + at);
    const k = rest % size;
    rest /= size;
    store<i32>(index + at, k);
    aOffset += <usize>k * <usize>load<i32>(aStrides + at);
    bOffset += <usize>k * <usize>load<i32>(bStrides + at);
  }
  const rowBytes = <usize>inner << outShift;
  for (let r = start; r < end; r++) {
    row(a + (aOffset << inShift), b + (bOffset << inShift), out + ((<usize>r * rowBytes)), inner, mode);
    // Next multi-index: bump the last dim, carrying into earlier ones.
    for (let d = rank - 1; d >= 0; d--) {
      const at = <usize>d << 2;
      const k = load<i32>(index + at) + 1;
      const aStride = <usize>load<i32>(aStrides + at);
      const bStride = <usize>load<i32>(bStrides + at);
      aOffset += aStride;
      bOffset += bStride;
      const size = load<i32>(shapes + at);
      if (k < size) {
        store<i32>(index + at, k);
        break;
      }
      store<i32>(index + at, 0);
      aOffset -= aStride * <usize>size;
      bOffset -= bStride * <usize>size;
    }
  }
}
