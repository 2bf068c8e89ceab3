// PadV2 with a constant over any rank: fill the output, then copy each innermost input row to
// its place. `shapes` holds 3·rank i32: input shape, output shape, padding before each axis;
// `counter` is rank i32 of scratch for the row odometer.
import { copyBytes } from './simd';

export function pad(x: usize, out: usize, rank: i32, shapes: usize, counter: usize, outSize: i32, value: f32): void {
  const v = f32x4.splat(value);
  let i = 0;
  for (; i + 4 <= outSize; i += 4) v128.store(out + (<usize>i << 2), v);
  for (; i < outSize; i++) store<f32>(out + (<usize>i << 2), value);

  const last = rank - 1;
  const rowLength = load<i32>(shapes + (<usize>last << 2));
  let rows = 1;
  for (let a = 0; a < last; a++) {
    rows *= load<i32>(shapes + (<usize>a << 2));
    store<i32>(counter + (<usize>a << 2), 0);
  }
  if (rowLength == 0 || rows == 0) return;
  const rowBytes = <usize>rowLength << 2;
  let src = x;
  for (let r = 0; r < rows; r++) {
    // Output offset of this row: row-major over the output shape, shifted by the pads.
    let offset = 0;
    for (let a = 0; a < rank; a++) {
      const outDim = load<i32>(shapes + (<usize>(rank + a) << 2));
      const before = load<i32>(shapes + (<usize>(2 * rank + a) << 2));
      const index = a == last ? 0 : load<i32>(counter + (<usize>a << 2));
      offset = offset * outDim + index + before;
    }
    copyBytes(out + (<usize>offset << 2), src, rowBytes);
    src += rowBytes;
    // Advance the odometer over the input's outer axes.
    for (let a = last - 1; a >= 0; a--) {
      const p = counter + (<usize>a << 2);
      const next = load<i32>(p) + 1;
      if (next < load<i32>(shapes + (<usize>a << 2))) {
        store<i32>(p, next);
        break;
      }
      store<i32>(p, 0);
    }
  }
}
