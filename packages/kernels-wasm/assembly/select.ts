// Select (tf.where): out = condition ? t : e. The condition (bool, one byte each) has one entry per
// element, or one per row of `inner` elements (a [rows] condition against [rows, …] operands).
// tfjs's cpu kernel takes t where the condition byte is 1; so does this. Threads split the
// condition entries.
import { copyBytes } from './simd';

export function select(
  condition: usize, t: usize, e: usize, out: usize, inner: i32, elementBytes: i32, start: i32, end: i32, part: i32,
): void {
  let i = start;
  const one = i8x16.splat(1);
  if (inner == 1 && elementBytes == 4) {
    // Four condition bytes widen to four 32-bit lane masks.
    const ones = i32x4.splat(1);
    for (; i + 4 <= end; i += 4) {
      const c = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(condition + <usize>i)));
      const at = <usize>i << 2;
      v128.store(out + at, v128.bitselect(v128.load(t + at), v128.load(e + at), i32x4.eq(c, ones)));
    }
    for (; i < end; i++) {
      const at = <usize>i << 2;
      store<u32>(out + at, load<u8>(condition + <usize>i) == 1 ? load<u32>(t + at) : load<u32>(e + at));
    }
    return;
  }
  if (inner == 1) {
    for (; i + 16 <= end; i += 16) {
      const at = <usize>i;
      v128.store(out + at, v128.bitselect(v128.load(t + at), v128.load(e + at), i8x16.eq(v128.load(condition + at), one)));
    }
    for (; i < end; i++) store<u8>(out + <usize>i, load<u8>(condition + <usize>i) == 1 ? load<u8>(t + <usize>i) : load<u8>(e + <usize>i));
    return;
  }
  const rowBytes = <usize>inner * <usize>elementBytes;
  for (; i < end; i++) {
    const at = <usize>i * rowBytes;
    copyBytes(out + at, (load<u8>(condition + <usize>i) == 1 ? t : e) + at, rowBytes);
  }
}
