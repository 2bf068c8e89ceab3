// Concat and its inverse, split, over tensors viewed as [outer, inner_i]: each output row is the
// inputs' rows in order (concat), or each input row is cut into the outputs' rows (split: SplitV,
// Unpack). `parts` holds `count` (pointer, inner) i32 pairs, inner in elements of `elementBytes`
// bytes (4: float32 / int32; 1: bool). Both split their outer rows across threads.
import { copyBytes } from './simd';

export function concat(out: usize, count: i32, parts: usize, elementBytes: i32, start: i32, end: i32, part: i32): void {
  let rowBytes: usize = 0;
  for (let i = 0; i < count; i++) rowBytes += <usize>load<i32>(parts + (<usize>i << 3), 4) * <usize>elementBytes;
  let dst = out + <usize>start * rowBytes;
  for (let o = start; o < end; o++) {
    for (let i = 0; i < count; i++) {
      const src = <usize>load<i32>(parts + (<usize>i << 3));
      const innerBytes = <usize>load<i32>(parts + (<usize>i << 3), 4) * <usize>elementBytes;
      copyBytes(dst, src + <usize>o * innerBytes, innerBytes);
      dst += innerBytes;
    }
  }
}

export function split(x: usize, count: i32, parts: usize, elementBytes: i32, start: i32, end: i32, part: i32): void {
  let rowBytes: usize = 0;
  for (let i = 0; i < count; i++) rowBytes += <usize>load<i32>(parts + (<usize>i << 3), 4) * <usize>elementBytes;
  let src = x + <usize>start * rowBytes;
  for (let o = start; o < end; o++) {
    for (let i = 0; i < count; i++) {
      const dst = <usize>load<i32>(parts + (<usize>i << 3));
      const innerBytes = <usize>load<i32>(parts + (<usize>i << 3), 4) * <usize>elementBytes;
      copyBytes(dst + <usize>o * innerBytes, src, innerBytes);
      src += innerBytes;
    }
  }
}
