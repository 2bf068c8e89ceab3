// Elementwise unary kernels (tfjs's Abs … Tan) on float32, int32 and bool inputs, matching tfjs's
// cpu kernels. Each op's f64 formula below is the cpu's (it computes in JS numbers and stores into
// the output's typed array). Float32 inputs run as f32x4 where that is exact (abs, neg, ceil,
// floor, round, sign, reciprocal, the is* tests) or within 1 ulp (rsqrt as f32 sqrt then
// division; exp, log: polynomials of simd.ts; the reference being the cpu's f64 result rounded
// to f32, the largest errors measured over 2M random inputs); every other
// op, and every int32 input, calls the f64 libm (musl's, as AssemblyScript ships it) per element.
// int32 results are converted as JS stores into an Int32Array (binary.ts's toInt32).
import { DTYPE_BOOL, DTYPE_I32, toInt32 } from './binary';
import { expInRange, logApprox, masksToBytes } from './simd';

export const UNARY_ABS: i32 = 0;
export const UNARY_ACOS: i32 = 1;
export const UNARY_ACOSH: i32 = 2;
export const UNARY_ASIN: i32 = 3;
export const UNARY_ASINH: i32 = 4;
export const UNARY_ATAN: i32 = 5;
export const UNARY_ATANH: i32 = 6;
export const UNARY_CEIL: i32 = 7;
export const UNARY_COS: i32 = 8;
export const UNARY_COSH: i32 = 9;
export const UNARY_ERF: i32 = 10;
export const UNARY_EXP: i32 = 11;
export const UNARY_EXPM1: i32 = 12;
export const UNARY_FLOOR: i32 = 13;
export const UNARY_IS_FINITE: i32 = 14;
export const UNARY_IS_INF: i32 = 15;
export const UNARY_IS_NAN: i32 = 16;
export const UNARY_LOG: i32 = 17;
export const UNARY_LOG1P: i32 = 18;
export const UNARY_LOGICAL_NOT: i32 = 19;
export const UNARY_NEG: i32 = 20;
export const UNARY_RECIPROCAL: i32 = 21;
export const UNARY_ROUND: i32 = 22;
export const UNARY_RSQRT: i32 = 23;
export const UNARY_SELU: i32 = 24;
export const UNARY_SIGN: i32 = 25;
export const UNARY_SIN: i32 = 26;
export const UNARY_SINH: i32 = 27;
export const UNARY_SOFTPLUS: i32 = 28;
export const UNARY_TAN: i32 = 29;

// tfjs-core's constants (erf_util.ts, selu_util.ts), and softplus's threshold log(2^-23) + 2 as V8 computes it.
const ERF_P: f64 = 0.3275911;
const ERF_A1: f64 = 0.254829592;
const ERF_A2: f64 = -0.284496736;
const ERF_A3: f64 = 1.421413741;
const ERF_A4: f64 = -1.453152027;
const ERF_A5: f64 = 1.061405429;
const SELU_SCALEALPHA: f64 = 1.7580993408473768599402175208123;
const SELU_SCALE: f64 = 1.0507009873554804934193349852946;
const SOFTPLUS_THRESHOLD: f64 = -13.942385152878742;

// @ts-ignore: decorator
@inline
function jsSign(x: f64): f64 {
  return x > 0 ? 1 : x < 0 ? -1 : x; // Math.sign: ±0 and NaN stay as they are
}

/** The cpu kernel's formula of `op` in f64. */
// @ts-ignore: decorator
@inline
function formula(op: i32, x: f64): f64 {
  switch (op) {
    case UNARY_ABS: return Math.abs(x);
    case UNARY_ACOS: return Math.acos(x);
    case UNARY_ACOSH: return Math.acosh(x);
    case UNARY_ASIN: return Math.asin(x);
    case UNARY_ASINH: return Math.asinh(x);
    case UNARY_ATAN: return Math.atan(x);
    case UNARY_ATANH: return Math.atanh(x);
    case UNARY_CEIL: return Math.ceil(x);
    case UNARY_COS: return Math.cos(x);
    case UNARY_COSH: return Math.cosh(x);
    case UNARY_ERF: {
      const v = Math.abs(x);
      const t = 1.0 / (1.0 + ERF_P * v);
      return jsSign(x) * (1.0 - (((((ERF_A5 * t + ERF_A4) * t) + ERF_A3) * t + ERF_A2) * t + ERF_A1) * t * Math.exp(-v * v));
    }
    case UNARY_EXP: return Math.exp(x);
    case UNARY_EXPM1: return Math.expm1(x);
    case UNARY_FLOOR: return Math.floor(x);
    case UNARY_LOG: return Math.log(x);
    case UNARY_LOG1P: return Math.log1p(x);
    case UNARY_NEG: return -1 * x;
    case UNARY_RECIPROCAL: return 1 / x;
    case UNARY_ROUND: {
      // Banker's rounding, as the cpu writes it (-0.5 gives +0 there).
      const base = Math.floor(x);
      if (x - base < 0.5) return Math.floor(x);
      if (x - base > 0.5) return Math.ceil(x);
      return base % 2.0 == 0.0 ? base : base + 1.0;
    }
    case UNARY_RSQRT: return 1 / Math.sqrt(x);
    case UNARY_SELU: return x >= 0 ? SELU_SCALE * x : SELU_SCALEALPHA * (Math.exp(x) - 1);
    case UNARY_SIGN: return x < 0 ? -1 : x > 0 ? 1 : 0;
    case UNARY_SIN: return Math.sin(x);
    case UNARY_SINH: return Math.sinh(x);
    case UNARY_SOFTPLUS: {
      const expX = Math.exp(x);
      if (x < SOFTPLUS_THRESHOLD) return expX;
      if (x > -SOFTPLUS_THRESHOLD) return x;
      return Math.log(1.0 + expX);
    }
    default: return Math.tan(x); // UNARY_TAN
  }
}

// @ts-ignore: decorator
@inline
function isTest(op: i32): bool {
  return op == UNARY_IS_FINITE || op == UNARY_IS_INF || op == UNARY_IS_NAN;
}

// @ts-ignore: decorator
@inline
function testScalar(op: i32, x: f64): u8 {
  if (op == UNARY_IS_NAN) return x != x ? 1 : 0;
  if (op == UNARY_IS_INF) return Math.abs(x) == Infinity ? 1 : 0;
  return Math.abs(x) < Infinity ? 1 : 0; // UNARY_IS_FINITE: false for NaN too
}

/** Whether the float32 op has an f32x4 form (the others call the f64 formula per element). */
// @ts-ignore: decorator
@inline
function hasVectorForm(op: i32): bool {
  return op == UNARY_ABS || op == UNARY_NEG || op == UNARY_CEIL || op == UNARY_FLOOR || op == UNARY_ROUND || op == UNARY_SIGN ||
    op == UNARY_RECIPROCAL || op == UNARY_RSQRT || op == UNARY_EXP || op == UNARY_LOG;
}

/**
 * Whether all four lanes are in exp's / log's polynomial domain: exp's x in [-87.33, 88.0], log's
 * positive normal floats (as bits, 0x00800000 to 0x7f7fffff: one unsigned compare of x − 2^-126).
 */
// @ts-ignore: decorator
@inline
function inDomain(op: i32, v: v128): bool {
  if (op == UNARY_EXP) return v128.all_true<i32>(f32x4.le(f32x4.abs(f32x4.add(v, f32x4.splat(-0.33346))), f32x4.splat(87.66654)));
  return v128.all_true<i32>(i32x4.lt_u(i32x4.sub(v, i32x4.splat(0x00800000)), i32x4.splat(0x7f000000)));
}

// @ts-ignore: decorator
@inline
function vectorForm(op: i32, v: v128): v128 {
  switch (op) {
    case UNARY_ABS: return f32x4.abs(v);
    case UNARY_NEG: return f32x4.neg(v);
    case UNARY_CEIL: return f32x4.ceil(v);
    case UNARY_FLOOR: return f32x4.floor(v);
    case UNARY_ROUND: {
      // nearest is round-half-even; the cpu's formula gives +0 (not -0) for -0.5.
      return v128.bitselect(f32x4.splat(0), f32x4.nearest(v), f32x4.eq(v, f32x4.splat(-0.5)));
    }
    case UNARY_SIGN: {
      const positive = v128.and(f32x4.gt(v, f32x4.splat(0)), f32x4.splat(1));
      return v128.bitselect(f32x4.splat(-1), positive, f32x4.lt(v, f32x4.splat(0)));
    }
    case UNARY_RECIPROCAL: return f32x4.div(f32x4.splat(1), v);
    // Two correctly rounded f32 steps: within 1 ulp of the cpu's f64 1 / sqrt(x) rounded once
    // (an f64x2 form would be exact, but is slower than XNNPACK's f32 kernel).
    case UNARY_RSQRT: return f32x4.div(f32x4.splat(1), f32x4.sqrt(v));
    case UNARY_EXP: return expInRange(v);
    default: return logApprox(v); // UNARY_LOG
  }
}

/** A float32 → float32 op over n elements. */
// @ts-ignore: decorator
@inline
function floatOp(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  if (hasVectorForm(op)) {
    const checked = op == UNARY_EXP || op == UNARY_LOG;
    if (!checked) {
      for (; i + 16 <= n; i += 16) {
        const p = <usize>i << 2;
        const v0 = vectorForm(op, v128.load(x + p));
        const v1 = vectorForm(op, v128.load(x + p, 16));
        const v2 = vectorForm(op, v128.load(x + p, 32));
        const v3 = vectorForm(op, v128.load(x + p, 48));
        v128.store(out + p, v0);
        v128.store(out + p, v1, 16);
        v128.store(out + p, v2, 32);
        v128.store(out + p, v3, 48);
      }
    }
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      const v = v128.load(x + p);
      if (!checked || inDomain(op, v)) {
        v128.store(out + p, vectorForm(op, v));
      } else {
        for (let k: usize = 0; k < 4; k++) store<f32>(out + p + (k << 2), <f32>formula(op, <f64>load<f32>(x + p + (k << 2))));
      }
    }
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(out + p, <f32>formula(op, <f64>load<f32>(x + p)));
  }
}

/** A float32 → bool test (isFinite, isInf, isNaN), 16 elements into 16 bytes at a time. */
// @ts-ignore: decorator
@inline
function floatTest(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  const inf = f32x4.splat(Infinity);
  for (; i + 16 <= n; i += 16) {
    const p = <usize>i << 2;
    const m0 = testVector(op, v128.load(x + p), inf);
    const m1 = testVector(op, v128.load(x + p, 16), inf);
    const m2 = testVector(op, v128.load(x + p, 32), inf);
    const m3 = testVector(op, v128.load(x + p, 48), inf);
    v128.store(out + <usize>i, masksToBytes(m0, m1, m2, m3));
  }
  for (; i < n; i++) store<u8>(out + <usize>i, testScalar(op, <f64>load<f32>(x + (<usize>i << 2))));
}

// @ts-ignore: decorator
@inline
function testVector(op: i32, v: v128, inf: v128): v128 {
  if (op == UNARY_IS_NAN) return f32x4.ne(v, v);
  if (op == UNARY_IS_INF) return f32x4.eq(f32x4.abs(v), inf);
  return f32x4.lt(f32x4.abs(v), inf);
}

/** An int32 input: the f64 formula per element, stored as int32 (float32 for exp, bool for the tests). */
// @ts-ignore: decorator
@inline
function intOp(op: i32, x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const v = <f64>load<i32>(x + (<usize>i << 2));
    if (isTest(op)) store<u8>(out + <usize>i, testScalar(op, v));
    else if (op == UNARY_EXP) store<f32>(out + (<usize>i << 2), <f32>Math.exp(v));
    else store<i32>(out + (<usize>i << 2), toInt32(formula(op, v)));
  }
}

/** LogicalNot on bools (one byte each): x ? 0 : 1. */
function logicalNot(x: usize, out: usize, n: i32): void {
  let i = 0;
  const zero = i8x16.splat(0);
  const one = i8x16.splat(1);
  for (; i + 16 <= n; i += 16) v128.store(out + <usize>i, v128.and(i8x16.eq(v128.load(x + <usize>i), zero), one));
  for (; i < n; i++) store<u8>(out + <usize>i, load<u8>(x + <usize>i) == 0 ? 1 : 0);
}

// One function per (op, input type): see binary.ts.
type Run = (x: usize, out: usize, n: i32) => void;

function absF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ABS, x, out, n); }
function acosF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ACOS, x, out, n); }
function acoshF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ACOSH, x, out, n); }
function asinF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ASIN, x, out, n); }
function asinhF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ASINH, x, out, n); }
function atanF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ATAN, x, out, n); }
function atanhF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ATANH, x, out, n); }
function ceilF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_CEIL, x, out, n); }
function cosF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_COS, x, out, n); }
function coshF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_COSH, x, out, n); }
function erfF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ERF, x, out, n); }
function expF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_EXP, x, out, n); }
function expm1F32(x: usize, out: usize, n: i32): void { floatOp(UNARY_EXPM1, x, out, n); }
function floorF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_FLOOR, x, out, n); }
function isFiniteF32(x: usize, out: usize, n: i32): void { floatTest(UNARY_IS_FINITE, x, out, n); }
function isInfF32(x: usize, out: usize, n: i32): void { floatTest(UNARY_IS_INF, x, out, n); }
function isNanF32(x: usize, out: usize, n: i32): void { floatTest(UNARY_IS_NAN, x, out, n); }
function logF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_LOG, x, out, n); }
function log1pF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_LOG1P, x, out, n); }
function negF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_NEG, x, out, n); }
function reciprocalF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_RECIPROCAL, x, out, n); }
function roundF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_ROUND, x, out, n); }
function rsqrtF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_RSQRT, x, out, n); }
function seluF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_SELU, x, out, n); }
function signF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_SIGN, x, out, n); }
function sinF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_SIN, x, out, n); }
function sinhF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_SINH, x, out, n); }
function softplusF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_SOFTPLUS, x, out, n); }
function tanF32(x: usize, out: usize, n: i32): void { floatOp(UNARY_TAN, x, out, n); }

// int32 inputs are rare (index arithmetic) and never hot: one function, the op chosen per element.
function intInput(op: i32, x: usize, out: usize, n: i32): void {
  intOp(op, x, out, n);
}

function floatRun(op: i32): Run {
  switch (op) {
    case UNARY_ABS: return absF32;
    case UNARY_ACOS: return acosF32;
    case UNARY_ACOSH: return acoshF32;
    case UNARY_ASIN: return asinF32;
    case UNARY_ASINH: return asinhF32;
    case UNARY_ATAN: return atanF32;
    case UNARY_ATANH: return atanhF32;
    case UNARY_CEIL: return ceilF32;
    case UNARY_COS: return cosF32;
    case UNARY_COSH: return coshF32;
    case UNARY_ERF: return erfF32;
    case UNARY_EXP: return expF32;
    case UNARY_EXPM1: return expm1F32;
    case UNARY_FLOOR: return floorF32;
    case UNARY_IS_FINITE: return isFiniteF32;
    case UNARY_IS_INF: return isInfF32;
    case UNARY_IS_NAN: return isNanF32;
    case UNARY_LOG: return logF32;
    case UNARY_LOG1P: return log1pF32;
    case UNARY_NEG: return negF32;
    case UNARY_RECIPROCAL: return reciprocalF32;
    case UNARY_ROUND: return roundF32;
    case UNARY_RSQRT: return rsqrtF32;
    case UNARY_SELU: return seluF32;
    case UNARY_SIGN: return signF32;
    case UNARY_SIN: return sinF32;
    case UNARY_SINH: return sinhF32;
    case UNARY_SOFTPLUS: return softplusF32;
    default: return tanF32;
  }
}

/**
 * Elements [start, end) of out = op(x). Input element size: 4 bytes (float32, int32), 1 (bool);
 * output: 1 byte for isFinite/isInf/isNaN/logicalNot, else 4. dtype: binary.ts's DTYPE_* codes.
 */
export function unaryRange(x: usize, out: usize, op: i32, dtype: i32, start: i32, end: i32, part: i32): void {
  const n = end - start;
  const outShift: usize = isTest(op) || op == UNARY_LOGICAL_NOT ? 0 : 2;
  const inShift: usize = dtype == DTYPE_BOOL ? 0 : 2;
  const src = x + (<usize>start << inShift);
  const dst = out + (<usize>start << outShift);
  if (dtype == DTYPE_BOOL) logicalNot(src, dst, n);
  else if (dtype == DTYPE_I32) intInput(op, src, dst, n);
  else floatRun(op)(src, dst, n);
}

