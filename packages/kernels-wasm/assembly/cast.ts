// Element type conversion between float32, int32 and bool (one byte), with binary.ts's DTYPE_*
// codes. As tfjs's cpu: to int32 is JavaScript's ToInt32 (Int32Array.from: truncate toward zero,
// wrap modulo 2^32, NaN and ±Infinity → 0); to bool is x ≠ 0 (NaN is true); to float32 is exact
// for bools and rounds int32s beyond 2^24 to nearest. The backend also uses it to read storage of
// another type than its tensor's dtype (tfjs's cpu casts int32 and bool to float32 by sharing it).
import { DTYPE_BOOL, DTYPE_F32, DTYPE_I32, toInt32 } from './binary';
import { copyBytes, masksToBytes } from './simd';

/** Bytes (0 / 1) widened to 32-bit words: as int32s, or as floats where `toFloat`. */
// @ts-ignore: decorator
@inline
function bytesToWords(x: usize, out: usize, start: i32, end: i32, toFloat: bool): void {
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const bytes = v128.load(x + <usize>i);
    const lo = i16x8.extend_low_i8x16_u(bytes);
    const hi = i16x8.extend_high_i8x16_u(bytes);
    let v0 = i32x4.extend_low_i16x8_u(lo);
    let v1 = i32x4.extend_high_i16x8_u(lo);
    let v2 = i32x4.extend_low_i16x8_u(hi);
    let v3 = i32x4.extend_high_i16x8_u(hi);
    if (toFloat) {
      v0 = f32x4.convert_i32x4_u(v0);
      v1 = f32x4.convert_i32x4_u(v1);
      v2 = f32x4.convert_i32x4_u(v2);
      v3 = f32x4.convert_i32x4_u(v3);
    }
    const p = out + (<usize>i << 2);
    v128.store(p, v0);
    v128.store(p, v1, 16);
    v128.store(p, v2, 32);
    v128.store(p, v3, 48);
  }
  for (; i < end; i++) {
    const v = load<u8>(x + <usize>i);
    if (toFloat) store<f32>(out + (<usize>i << 2), <f32>v);
    else store<i32>(out + (<usize>i << 2), <i32>v);
  }
}

function int32ToFloat32(x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.convert_i32x4_s(v128.load(x + p)));
  }
  for (; i < end; i++) store<f32>(out + (<usize>i << 2), <f32>load<i32>(x + (<usize>i << 2)));
}

function float32ToInt32(x: usize, out: usize, start: i32, end: i32): void {
  // trunc_sat is ToInt32 inside the int32 range; a vector with any lane outside it (or NaN, whose
  // trunc_sat is already 0) is redone one lane at a time.
  let i = start;
  const limit = f32x4.splat(2147483648.0);
  for (; i + 4 <= end; i += 4) {
    const v = v128.load(x + (<usize>i << 2));
    if (v128.any_true(f32x4.ge(f32x4.abs(v), limit))) {
      for (let k = 0; k < 4; k++) store<i32>(out + (<usize>(i + k) << 2), toInt32(<f64>load<f32>(x + (<usize>(i + k) << 2))));
    } else {
      v128.store(out + (<usize>i << 2), i32x4.trunc_sat_f32x4_s(v));
    }
  }
  for (; i < end; i++) store<i32>(out + (<usize>i << 2), toInt32(<f64>load<f32>(x + (<usize>i << 2))));
}

/** 32-bit words (floats where `isFloat`) to bytes, 1 where x ≠ 0. */
function wordsToBool(x: usize, out: usize, start: i32, end: i32, isFloat: bool): void {
  // 16 elements make four vectors of masks, narrowed to bytes.
  let i = start;
  const zero = v128.splat<i32>(0);
  for (; i + 16 <= end; i += 16) {
    const at = x + (<usize>i << 2);
    let m0: v128, m1: v128, m2: v128, m3: v128;
    if (isFloat) {
      m0 = f32x4.ne(v128.load(at), zero);
      m1 = f32x4.ne(v128.load(at, 16), zero);
      m2 = f32x4.ne(v128.load(at, 32), zero);
      m3 = f32x4.ne(v128.load(at, 48), zero);
    } else {
      m0 = i32x4.ne(v128.load(at), zero);
      m1 = i32x4.ne(v128.load(at, 16), zero);
      m2 = i32x4.ne(v128.load(at, 32), zero);
      m3 = i32x4.ne(v128.load(at, 48), zero);
    }
    v128.store(out + <usize>i, masksToBytes(m0, m1, m2, m3));
  }
  for (; i < end; i++) {
    const at = x + (<usize>i << 2);
    const nonZero = isFloat ? load<f32>(at) != 0 : load<i32>(at) != 0;
    store<u8>(out + <usize>i, nonZero ? 1 : 0);
  }
}

/** Elements [start, end) of out (type `to`) = x (type `from`) converted. */
export function cast(x: usize, out: usize, from: i32, to: i32, start: i32, end: i32, part: i32): void {
  if (from == to) {
    const shift: usize = from == DTYPE_BOOL ? 0 : 2;
    copyBytes(out + (<usize>start << shift), x + (<usize>start << shift), <usize>(end - start) << shift);
  } else if (from == DTYPE_BOOL) bytesToWords(x, out, start, end, to == DTYPE_F32);
  else if (to == DTYPE_BOOL) wordsToBool(x, out, start, end, from == DTYPE_F32);
  else if (from == DTYPE_I32) int32ToFloat32(x, out, start, end);
  else float32ToInt32(x, out, start, end);
}
