// Activations shared by the elementwise kernels and the fused epilogues of conv/matmul.
// Codes match ACTIVATION in src/activation.ts.
import { expApprox } from './simd';
export const LINEAR: i32 = 0;
export const RELU: i32 = 1;
export const RELU6: i32 = 2;
export const ELU: i32 = 3;
export const LEAKYRELU: i32 = 4;
export const PRELU: i32 = 5;
export const SIGMOID: i32 = 6;

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

/**
 * In place over n floats at ptr. `alpha` is LeakyRelu's slope; for PRELU, `alphaPtr` holds
 * `channels` slopes broadcast along the last axis (channels = 1 for a scalar slope).
 */
export function applyActivation(ptr: usize, n: i32, activation: i32, alpha: f32, alphaPtr: usize, channels: i32): void {
  if (activation == LINEAR) return;
  const vecEnd = n & ~3;
  if (activation == RELU || activation == RELU6) {
    const zero = f32x4.splat(0);
    const six = f32x4.splat(6);
    let i = 0;
    for (; i < vecEnd; i += 4) {
      const p = ptr + (<usize>i << 2);
      let v = f32x4.max(v128.load(p), zero);
      if (activation == RELU6) v = f32x4.min(v, six);
      v128.store(p, v);
    }
    for (; i < n; i++) {
      const p = ptr + (<usize>i << 2);
      let v = max<f32>(load<f32>(p), 0);
      if (activation == RELU6) v = min<f32>(v, 6);
      store<f32>(p, v);
    }
    return;
  }
  if (activation == LEAKYRELU) {
    const a = f32x4.splat(alpha);
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i < vecEnd; i += 4) {
      const p = ptr + (<usize>i << 2);
      const v = v128.load(p);
      v128.store(p, v128.bitselect(v, f32x4.mul(v, a), f32x4.ge(v, zero)));
    }
    for (; i < n; i++) {
      const p = ptr + (<usize>i << 2);
      const v = load<f32>(p);
      store<f32>(p, v >= 0 ? v : v * alpha);
    }
    return;
  }
  if (activation == PRELU) {
    for (let i = 0; i < n; i++) {
      const p = ptr + (<usize>i << 2);
      const v = load<f32>(p);
      const slope = load<f32>(alphaPtr + (<usize>(i % channels) << 2));
      store<f32>(p, v >= 0 ? v : v * slope);
    }
    return;
  }
  // ELU and sigmoid: four lanes through expApprox (within 2 ulp of exp), the tail in scalar code.
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  let i = 0;
  if (activation == ELU) {
    for (; i < vecEnd; i += 4) {
      const p = ptr + (<usize>i << 2);
      const v = v128.load(p);
      v128.store(p, v128.bitselect(v, f32x4.sub(expApprox(v), one), f32x4.ge(v, zero)));
    }
  } else {
    for (; i < vecEnd; i += 4) {
      const p = ptr + (<usize>i << 2);
      v128.store(p, f32x4.div(one, f32x4.add(one, expApprox(f32x4.neg(v128.load(p))))));
    }
  }
  for (; i < n; i++) {
    const p = ptr + (<usize>i << 2);
    const v = load<f32>(p);
    store<f32>(p, activation == ELU ? eluScalar(v) : sigmoidScalar(v));
  }
}
