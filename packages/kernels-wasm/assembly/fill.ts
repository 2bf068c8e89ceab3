// Fill (and OnesLike, ZerosLike, OneHot's background), Range and LinSpace.
import { toInt32 } from './cast';

/**
 * out[start, end) = `bits`: a 32-bit pattern (float32 or int32) when elementBytes is 4, a byte when
 * 1. A pattern of four equal bytes (0, the commonest) goes to memory.fill, which V8 runs as a
 * memset: out of line, so only for fills of 256 bytes or more, and then 2–3× faster than vector
 * stores. Other patterns are stored 64 bytes a step.
 */
export function fill(out: usize, n: i32, bits: i32, elementBytes: i32, start: i32, end: i32, part: i32): void {
  const from = out + <usize>start * <usize>elementBytes;
  const bytes = <usize>(end - start) * <usize>elementBytes;
  const byte = bits & 0xff;
  if (bytes >= 256 && (elementBytes == 1 || bits == byte * 0x01010101)) {
    memory.fill(from, <u8>byte, bytes);
    return;
  }
  const v = elementBytes == 1 ? i8x16.splat(<i8>bits) : i32x4.splat(bits);
  let k: usize = 0;
  for (; k + 64 <= bytes; k += 64) {
    v128.store(from + k, v);
    v128.store(from + k, v, 16);
    v128.store(from + k, v, 32);
    v128.store(from + k, v, 48);
  }
  for (; k + 16 <= bytes; k += 16) v128.store(from + k, v);
  if (elementBytes == 1) {
    for (; k < bytes; k++) store<u8>(from + k, <u8>bits);
  } else {
    for (; k < bytes; k += 4) store<i32>(from + k, bits);
  }
}

/**
 * tfjs's Range and LinSpace: out[0] = start, out[i] = out[i − 1] + step, each sum rounded to float32
 * (or made int32 by ToInt32) before the next, as the cpu kernel's typed-array loop does. Each value
 * depends on the one before, so this runs one element at a time.
 */
export function range(out: usize, n: i32, start: f64, step: f64, isInt: i32): void {
  if (isInt != 0) {
    let v = toInt32(start);
    for (let i = 0; i < n; i++) {
      store<i32>(out + (<usize>i << 2), v);
      v = toInt32(<f64>v + step);
    }
    return;
  }
  let v = <f32>start;
  for (let i = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), v);
    v = <f32>(<f64>v + step);
  }
}

/** OneHot: out[i, indices[i]] = on where 0 ≤ indices[i] < depth, off elsewhere (32-bit patterns). */
export function oneHot(indices: usize, out: usize, count: i32, depth: i32, on: i32, off: i32): void {
  const total = count * depth;
  fill(out, total, off, 4, 0, total, 0);
  for (let i = 0; i < count; i++) {
    const index = load<i32>(indices + (<usize>i << 2));
    if (index >= 0 && index < depth) store<i32>(out + (<usize>(i * depth + index) << 2), on);
  }
}
