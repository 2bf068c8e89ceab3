// Activations shared by the elementwise kernels and the fused epilogues of conv/matmul.
// Codes match ACTIVATION in src/activation.ts.
import { clampCeiling, clamped, expNonPositive } from './simd';
export const LINEAR: i32 = 0;
export const RELU: i32 = 1;
export const RELU6: i32 = 2;
export const ELU: i32 = 3;
export const LEAKYRELU: i32 = 4;
export const PRELU: i32 = 5;
export const SIGMOID: i32 = 6;
export const SWISH: i32 = 7;

// @ts-ignore: decorator
@inline
function sigmoidScalar(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

// @ts-ignore: decorator
@inline
function eluScalar(x: f32): f32 {
  return x >= 0 ? x : Mathf.exp(x) - 1;
}

/** Sigmoid on four lanes: from exp(-|x|), so exp never overflows and 1 - f keeps its precision. */
// @ts-ignore: decorator
@inline
function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  const e = expNonPositive(v128.or(x, f32x4.splat(-0.0)));
  const f = f32x4.div(e, f32x4.add(e, one));
  return v128.bitselect(f32x4.sub(one, f), f, f32x4.gt(x, f32x4.splat(0)));
}

/**
 * Swish (x · sigmoid(x)) on four lanes as one quotient: x / (1 + e) for x > 0 and x·e / (1 + e)
 * otherwise, e = exp(-|x|) — one subtraction and one multiply fewer than x · sigmoid4(x).
 */
// @ts-ignore: decorator
@inline
function swish4(x: v128): v128 {
  const e = expNonPositive(v128.or(x, f32x4.splat(-0.0)));
  const numerator = v128.bitselect(x, f32x4.mul(x, e), f32x4.gt(x, f32x4.splat(0)));
  return f32x4.div(numerator, f32x4.add(e, f32x4.splat(1)));
}

/**
 * Over n floats from src to dst (the same address for in place). `alpha` is LeakyRelu's slope;
 * for PRELU, `alphaPtr` holds `channels` slopes broadcast along the last axis (channels = 1 for a
 * scalar slope).
 */
export function applyActivationTo(
  src: usize, dst: usize, n: i32, activation: i32, alpha: f32, alphaPtr: usize, channels: i32,
): void {
  if (activation == LINEAR) {
    if (src != dst) memory.copy(dst, src, <usize>n << 2);
    return;
  }
  const vecEnd = n & ~3;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  // One loop per activation, so each hot loop holds no branch.
  // pmax(x, 0) is `x < 0 ? 0 : x` and pmin(y, 6) is `6 < y ? 6 : y`: NaN passes through as with
  // Math.max/min, in one instruction each on x86 (V8's NaN-propagating f32x4.max/min take ~6).
  // Adding +0 turns the -0 that pmax keeps into Math.max(0, -0)'s +0.
  if (activation == RELU) {
    for (; i < vecEnd; i += 4) {
      const at = <usize>i << 2;
      v128.store(dst + at, f32x4.add(f32x4.pmax(v128.load(src + at), zero), zero));
    }
  } else if (activation == RELU6) {
    const six = clampCeiling(2);
    for (; i < vecEnd; i += 4) {
      const at = <usize>i << 2;
      v128.store(dst + at, clamped(v128.load(src + at), zero, six));
    }
  } else if (activation == LEAKYRELU) {
    const a = f32x4.splat(alpha);
    for (; i < vecEnd; i += 4) {
      const at = <usize>i << 2;
      const v = v128.load(src + at);
      v128.store(dst + at, v128.bitselect(v, f32x4.mul(v, a), f32x4.ge(v, zero)));
    }
  } else if (activation == ELU) {
    for (; i < vecEnd; i += 4) {
      const at = <usize>i << 2;
      const v = v128.load(src + at);
      const negative = f32x4.sub(expNonPositive(f32x4.pmin(v, zero)), one);
      v128.store(dst + at, v128.bitselect(v, negative, f32x4.ge(v, zero)));
    }
  } else if (activation == SIGMOID) {
    // Two vectors an iteration: the exp polynomial is a long dependency chain.
    for (; i + 8 <= vecEnd; i += 8) {
      const at = <usize>i << 2;
      const a = sigmoid4(v128.load(src + at));
      const b = sigmoid4(v128.load(src + at, 16));
      v128.store(dst + at, a);
      v128.store(dst + at, b, 16);
    }
    for (; i < vecEnd; i += 4) {
      const at = <usize>i << 2;
      v128.store(dst + at, sigmoid4(v128.load(src + at)));
    }
  } else if (activation == SWISH) {
    for (; i + 16 <= vecEnd; i += 16) {
      const at = <usize>i << 2;
      const a = swish4(v128.load(src + at));
      const b = swish4(v128.load(src + at, 16));
      const c = swish4(v128.load(src + at, 32));
      const d = swish4(v128.load(src + at, 48));
      v128.store(dst + at, a);
      v128.store(dst + at, b, 16);
      v128.store(dst + at, c, 32);
      v128.store(dst + at, d, 48);
    }
    for (; i < vecEnd; i += 4) {
      const at = <usize>i << 2;
      v128.store(dst + at, swish4(v128.load(src + at)));
    }
  }
  // PRELU (its slope varies along the channels) and the tails of the others, in scalar code.
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(src + at);
    let y: f32 = v;
    if (activation == RELU) y = max<f32>(v, 0);
    else if (activation == RELU6) y = min<f32>(max<f32>(v, 0), 6);
    else if (activation == LEAKYRELU) y = v >= 0 ? v : v * alpha;
    else if (activation == PRELU) y = v >= 0 ? v : v * load<f32>(alphaPtr + (<usize>(i % channels) << 2));
    else if (activation == ELU) y = eluScalar(v);
    else if (activation == SIGMOID) y = sigmoidScalar(v);
    else if (activation == SWISH) y = v * sigmoidScalar(v);
    store<f32>(dst + at, y);
  }
}

/** applyActivationTo in place: the epilogue of the conv, depthwise and matmul kernels. */
// @ts-ignore: decorator
@inline
export function applyActivation(ptr: usize, n: i32, activation: i32, alpha: f32, alphaPtr: usize, channels: i32): void {
  applyActivationTo(ptr, ptr, n, activation, alpha, alphaPtr, channels);
}
