// Elementwise unary kernels over n float32 values at x, written to out (may alias x). ReLU is
// applyActivationTo's (activation.ts), shared with the fused epilogues.
import { expApprox, madd } from './simd';

// tanh on four lanes (Cephes tanhf): an odd polynomial below |x| = 0.625, where 1 - 2/(e^2|x| + 1)
// would cancel, and the exp form above it with the sign restored.
export function tanh(x: usize, out: usize, n: i32): void {
  const signMask = i32x4.splat(0x80000000);
  const one = f32x4.splat(1);
  const two = f32x4.splat(2);
  const vecEnd = n & ~3;
  let i = 0;
  for (; i < vecEnd; i += 4) {
    const offset = <usize>i << 2;
    const v = v128.load(x + offset);
    const a = f32x4.abs(v);
    const large = f32x4.sub(one, f32x4.div(two, f32x4.add(expApprox(f32x4.add(a, a)), one)));
    const s = f32x4.mul(v, v);
    let p = f32x4.splat(-5.70498872745e-3);
    p = madd(p, s, f32x4.splat(2.06390887954e-2));
    p = madd(p, s, f32x4.splat(-5.37397155531e-2));
    p = madd(p, s, f32x4.splat(1.33314422036e-1));
    p = madd(p, s, f32x4.splat(-3.33332819422e-1));
    const small = madd(f32x4.mul(p, s), v, v);
    const signed = v128.or(large, v128.and(v, signMask));
    v128.store(out + offset, v128.bitselect(small, signed, f32x4.lt(a, f32x4.splat(0.625))));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    store<f32>(out + offset, Mathf.tanh(load<f32>(x + offset)));
  }
}

/** min(max(x, lo), hi) elementwise (ReLU6 layers, tf.clipByValue); NaN stays NaN, as in tfjs. */
export function clip(x: usize, out: usize, n: i32, lo: f32, hi: f32): void {
  const low = f32x4.splat(lo);
  const high = f32x4.splat(hi);
  const vecEnd = n & ~3;
  let i = 0;
  for (; i < vecEnd; i += 4) {
    const offset = <usize>i << 2;
    // pmax/pmin let NaN through and keep -0, as the cpu's comparisons do.
    v128.store(out + offset, f32x4.pmin(f32x4.pmax(v128.load(x + offset), low), high));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const v = load<f32>(x + offset);
    store<f32>(out + offset, v > hi ? hi : v < lo ? lo : v);
  }
}
