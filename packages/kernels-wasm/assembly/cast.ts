// Cast where values change: float32 → int32 (JavaScript's ToInt32, as Int32Array.from does in
// tfjs's cpu kernel: truncate toward zero, wrap modulo 2^32, NaN and ±Infinity → 0), and
// float32 / int32 → bool (x ≠ 0; NaN is true). Casts that keep every value (int32 → float32,
// bool → anything) share the input's data in the backend, as the cpu backend does.

/** CAST modes (src/cast.ts). */
const F32_TO_I32: i32 = 0;
const F32_TO_BOOL: i32 = 1;

/** JavaScript's ToInt32 of a double (f64: exact for every float32 and int32 value). */
export function toInt32(x: f64): i32 {
  if (x > -2147483649.0 && x < 2147483648.0) return <i32>x;
  if (!isFinite(x)) return 0;
  const t = trunc(x);
  return <i32><i64>(t - floor(t / 4294967296.0) * 4294967296.0);
}

export function cast(x: usize, out: usize, mode: i32, start: i32, end: i32, part: i32): void {
  let i = start;
  if (mode == F32_TO_I32) {
    // trunc_sat is ToInt32 inside the int32 range; a vector with any lane outside it (or NaN, whose
    // trunc_sat is already 0) is redone one lane at a time.
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
    return;
  }
  // To bool: one byte per element, 1 where x ≠ 0. 16 elements make four vectors of masks, narrowed
  // to bytes twice (the masks are 0 or -1, which narrow exactly), then masked to 0 / 1.
  const one = i8x16.splat(1);
  const zero = v128.splat<i32>(0);
  for (; i + 16 <= end; i += 16) {
    const at = x + (<usize>i << 2);
    let m0: v128, m1: v128, m2: v128, m3: v128;
    if (mode == F32_TO_BOOL) {
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
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
    v128.store(out + <usize>i, v128.and(bytes, one));
  }
  for (; i < end; i++) {
    const at = x + (<usize>i << 2);
    const nonZero = mode == F32_TO_BOOL ? load<f32>(at) != 0 : load<i32>(at) != 0;
    store<u8>(out + <usize>i, nonZero ? 1 : 0);
  }
}
