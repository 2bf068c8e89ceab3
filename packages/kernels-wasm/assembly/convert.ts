// Element type conversion as JS's typed-array constructors do it (`new Float32Array(int32s)`): the
// backend's view of a tensor whose storage has another type than its dtype (tfjs's cpu casts
// int32 and bool tensors to float32 without converting, sharing the storage).
import { DTYPE_BOOL, DTYPE_F32, DTYPE_I32, toInt32 } from './binary';

// @ts-ignore: decorator
@inline
function bytesToInt32(x: usize, out: usize, n: i32, toFloat: bool): void {
  let i = 0;
  for (; i + 16 <= n; i += 16) {
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
  for (; i < n; i++) {
    const v = load<u8>(x + <usize>i);
    if (toFloat) store<f32>(out + (<usize>i << 2), <f32>v);
    else store<i32>(out + (<usize>i << 2), <i32>v);
  }
}

function bytesToFloat32(x: usize, out: usize, n: i32): void {
  bytesToInt32(x, out, n, true);
}

function bytesToWords(x: usize, out: usize, n: i32): void {
  bytesToInt32(x, out, n, false);
}

function int32ToFloat32(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    v128.store(out + p, f32x4.convert_i32x4_s(v128.load(x + p)));
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>load<i32>(x + (<usize>i << 2)));
}

/** The rare conversions (floats to int32 or bytes, int32 to bytes): ToInt32 / ToUint8 per element. */
function scalarConversion(x: usize, out: usize, n: i32, from: i32, to: i32): void {
  for (let i = 0; i < n; i++) {
    const v: f64 = from == DTYPE_F32 ? <f64>load<f32>(x + (<usize>i << 2)) : from == DTYPE_I32 ? <f64>load<i32>(x + (<usize>i << 2)) : <f64>load<u8>(x + <usize>i);
    if (to == DTYPE_F32) store<f32>(out + (<usize>i << 2), <f32>v);
    else if (to == DTYPE_I32) store<i32>(out + (<usize>i << 2), toInt32(v));
    else store<u8>(out + <usize>i, <u8>toInt32(v));
  }
}

/** Elements [start, end) of out (type `to`) = x (type `from`); types are binary.ts's DTYPE_* codes. */
export function convertRange(x: usize, out: usize, from: i32, to: i32, start: i32, end: i32, part: i32): void {
  const n = end - start;
  const src = x + (<usize>start << (from == DTYPE_BOOL ? 0 : 2));
  const dst = out + (<usize>start << (to == DTYPE_BOOL ? 0 : 2));
  if (from == DTYPE_BOOL && to == DTYPE_F32) bytesToFloat32(src, dst, n);
  else if (from == DTYPE_BOOL && to == DTYPE_I32) bytesToWords(src, dst, n);
  else if (from == DTYPE_I32 && to == DTYPE_F32) int32ToFloat32(src, dst, n);
  else if (from == to) memory.copy(dst, src, <usize>n << (from == DTYPE_BOOL ? 0 : 2));
  else scalarConversion(src, dst, n, from, to);
}
