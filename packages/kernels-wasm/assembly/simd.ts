// Shared SIMD micro-kernels. ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each build
// keeps exactly one branch: the relaxed build fuses multiply-add, the plain build does not.

// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  }
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * exp on four lanes (Cephes expf: range reduction by ln 2, degree-5 polynomial, 2^n built in the
 * exponent bits), within 2 ulp of Math.exp over the f32 range. Inputs are clamped so 2^n stays a
 * normal float: below about -87.3 the result is ~1e-38 rather than a denormal. NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
export function expApprox(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.33654)), f32x4.splat(88.3762626647949));
  const n = f32x4.floor(madd(x, f32x4.splat(1.44269504088896341), f32x4.splat(0.5)));
  // x - n·ln2 in two steps (ln2 = C1 + C2) to keep the reduced argument exact.
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

// expNonPositive's constants, each splat to four lanes. V8 (11.x) rebuilds every v128.const on
// each loop iteration (several instructions apiece) and binaryen folds a hoisted splat back into
// the loop; a load from a table is one instruction and stays cheap.
const EXP_CONSTANTS: usize = memory.data<f32>([
  12583039.0, 12583039.0, 12583039.0, 12583039.0,
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341,
  0.693359375, 0.693359375, 0.693359375, 0.693359375,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  1.0, 1.0, 1.0, 1.0,
  -87.33654, -87.33654, -87.33654, -87.33654,
], 16);

// @ts-ignore: decorator
@inline
function expConstant(index: i32): v128 {
  return v128.load(EXP_CONSTANTS + (<usize>index << 4));
}

/**
 * exp on four lanes of z <= 0 (sigmoid's and ELU's domain), cheaper than expApprox: round(z/ln 2)
 * comes from adding a magic bias (1.5·2^23 + 127, so the sum's low mantissa bits are the biased
 * exponent of 2^n) instead of floor and a saturating float-to-int conversion, which V8 lowers to
 * long sequences on x86. Same polynomial as expApprox (evaluated differently); below -87.3 (2^n
 * would be denormal) it returns 0. NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
export function expNonPositive(z: v128): v128 {
  const magic = expConstant(0);
  let n = madd(z, expConstant(1), magic);
  const pow2n = i32x4.shl(n, 23);
  n = f32x4.sub(n, magic);
  let r = f32x4.sub(z, f32x4.mul(n, expConstant(2)));
  r = f32x4.sub(r, f32x4.mul(n, expConstant(3)));
  // The degree-5 polynomial by Estrin's scheme (pairs, then powers of r²): 3 dependent multiply-adds
  // instead of Horner's 5; these loops are bound by that dependency chain, not by issue width.
  const r2 = f32x4.mul(r, r);
  const p01 = madd(expConstant(4), r, expConstant(5));
  const p23 = madd(expConstant(6), r, expConstant(7));
  const p45 = madd(expConstant(8), r, expConstant(9));
  const p = madd(madd(p01, r2, p23), r2, p45);
  const y = f32x4.add(madd(p, r2, r), expConstant(10));
  return v128.andnot(f32x4.mul(y, pow2n), f32x4.lt(z, expConstant(11)));
}

/** Store `cols` (< 8) lanes of a tile row through an 8-float scratch, so no neighbour is clobbered. */
// @ts-ignore: decorator
@inline
export function storePartial(dst: usize, lo: v128, hi: v128, cols: i32, scratch: usize): void {
  v128.store(scratch, lo);
  v128.store(scratch, hi, 16);
  memory.copy(dst, scratch, <usize>cols << 2);
}

/** Store `cols` (< 4) lanes of v through a scratch, so no neighbour is clobbered. */
// @ts-ignore: decorator
@inline
export function storeLanes(dst: usize, v: v128, cols: i32, scratch: usize): void {
  v128.store(scratch, v);
  memory.copy(dst, scratch, <usize>cols << 2);
}

/**
 * Store the 4×4 transpose of rows v0..v3 (32-bit lanes): lane i of vj goes to row i, lane j, with
 * rows `rowBytes` apart from `dst`. Conv2D's filter gradient and the tiled transposes use it.
 */
// @ts-ignore: decorator
@inline
export function storeTransposed4x4(dst: usize, rowBytes: usize, v0: v128, v1: v128, v2: v128, v3: v128): void {
  const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + rowBytes, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * rowBytes, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * rowBytes, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * Copy `bytes` between non-overlapping blocks, 64 bytes a step. Not memory.copy: over a shared
 * memory V8 (Node 20) runs it out of line, about 2× slower than this loop for rows of hundreds of
 * bytes and no faster for megabytes (a gather of 1000 rows of 84 floats, a contiguous slice of 2.6 MB).
 */
// @ts-ignore: decorator
@inline
export function copyBytes(dst: usize, src: usize, bytes: usize): void {
  let k: usize = 0;
  for (; k + 64 <= bytes; k += 64) {
    const a = v128.load(src + k);
    const b = v128.load(src + k, 16);
    const c = v128.load(src + k, 32);
    const d = v128.load(src + k, 48);
    v128.store(dst + k, a);
    v128.store(dst + k, b, 16);
    v128.store(dst + k, c, 32);
    v128.store(dst + k, d, 48);
  }
  for (; k + 16 <= bytes; k += 16) v128.store(dst + k, v128.load(src + k));
  for (; k + 4 <= bytes; k += 4) store<u32>(dst + k, load<u32>(src + k));
  for (; k < bytes; k++) store<u8>(dst + k, load<u8>(src + k));
}

/**
 * ReLU or ReLU6 on four lanes (pmax, pmin, then + 0 so that -0 becomes +0): applyActivationTo's
 * ReLU6 pass, and the kernels that apply ReLU / ReLU6 to their accumulators before storing them
 * instead of making a second pass over their output. `ceiling` comes from clampCeiling: 6 for
 * ReLU6, +Infinity for ReLU, where pmin leaves every value (NaN included) as it is. One sequence
 * for both: a choice between them was a select per register, which V8 turns into a branch.
 */
// @ts-ignore: decorator
@inline
export function clamped(v: v128, zero: v128, ceiling: v128): v128 {
  return f32x4.add(f32x4.pmin(f32x4.pmax(v, zero), ceiling), zero);
}

/** clamped()'s ceiling for clamp 2 (ReLU6) or 1 (ReLU), splat to four lanes. */
// @ts-ignore: decorator
@inline
export function clampCeiling(clamp: i32): v128 {
  return f32x4.splat(clamp == 2 ? <f32>6 : <f32>Infinity);
}
