// MirrorPad ('reflect': offset 0, the edge is not repeated; 'symmetric': offset 1, it is). The
// caller copies the input into the output's centre (copyStrided); then each axis, last to first,
// fills its pads with mirrored hyperplanes of the output itself. When axis a is filled, the axes
// after it already span their whole padded extent, so each hyperplane is one contiguous block, and
// the axes before it are walked over their centre only (the outer axes' pads come later).
import { copyBytes } from './simd';

/** shapes: 3·rank i32 = input shape, output shape, padding before each axis. */
export function mirrorPad(out: usize, rank: i32, shapes: usize, offset: i32, elementBytes: i32): void {
  for (let a = rank - 1; a >= 0; a--) {
    const inSize = load<i32>(shapes + (<usize>a << 2));
    const outSize = load<i32>(shapes + (<usize>(rank + a) << 2));
    const before = load<i32>(shapes + (<usize>(2 * rank + a) << 2));
    const end = before + inSize;
    if (outSize == inSize) continue;
    // Bytes of one hyperplane of axis a (the axes after it at full size).
    let blockBytes = <usize>elementBytes;
    for (let k = a + 1; k < rank; k++) blockBytes *= <usize>load<i32>(shapes + (<usize>(rank + k) << 2));
    let outerCount = 1;
    for (let k = 0; k < a; k++) outerCount *= load<i32>(shapes + (<usize>k << 2));
    for (let o = 0; o < outerCount; o++) {
      // This outer index's offset (in hyperplanes of axis a − 1 … 0), over the centre of each outer axis.
      let rest = o;
      let at: usize = 0;
      let stride: usize = <usize>outSize * blockBytes;
      for (let k = a - 1; k >= 0; k--) {
        const size = load<i32>(shapes + (<usize>k << 2));
        at += <usize>(rest % size + load<i32>(shapes + (<usize>(2 * rank + k) << 2))) * stride;
        stride *= <usize>load<i32>(shapes + (<usize>(rank + k) << 2));
        rest /= size;
      }
      const base = out + at;
      for (let p = 0; p < before; p++) {
        copyBytes(base + <usize>p * blockBytes, base + <usize>(2 * before - p - offset) * blockBytes, blockBytes);
      }
      for (let p = end; p < outSize; p++) {
        copyBytes(base + <usize>p * blockBytes, base + <usize>(2 * (end - 1) - p + offset) * blockBytes, blockBytes);
      }
    }
  }
}
