// Bincount / DenseBincount as tfjs's cpu computes them: for each int32 value v of a row of x (in
// order), out[row][v] += its weight (float32 or int32 sums, as the cpu's typed array) or 1; values
// >= size are skipped; with binaryOutput the bin is set to 1. A negative value stops the kernel
// with -1 (the caller throws the cpu's error); else it returns 0.
import { DTYPE_F32 } from './binary';

export function bincount(
  x: usize, weights: usize, weightsDtype: i32, out: usize, rows: i32, cols: i32, size: i32, binaryOutput: i32,
): i32 {
  memory.fill(out, 0, (<usize>rows * <usize>size) << 2);
  if (weights == 0 && binaryOutput == 0) {
    return weightsDtype == DTYPE_F32 ? countRows<f32>(x, out, rows, cols, size) : countRows<i32>(x, out, rows, cols, size);
  }
  for (let i = 0; i < rows; i++) {
    const bins = out + ((<usize>i * <usize>size) << 2);
    for (let j = 0; j < cols; j++) {
      const at = <usize>i * <usize>cols + <usize>j;
      const v = load<i32>(x + (at << 2));
      if (v < 0) return -1;
      if (v >= size) continue;
      const bin = bins + (<usize>v << 2);
      if (binaryOutput != 0) {
        if (weightsDtype == DTYPE_F32) store<f32>(bin, 1);
        else store<i32>(bin, 1);
      } else if (weightsDtype == DTYPE_F32) {
        store<f32>(bin, load<f32>(bin) + (weights == 0 ? 1 : load<f32>(weights + (at << 2))));
      } else {
        store<i32>(bin, load<i32>(bin) + (weights == 0 ? 1 : load<i32>(weights + (at << 2))));
      }
    }
  }
  return 0;
}

/** Counts without weights, the common case: one compare and one add per value. */
function countRows<T>(x: usize, out: usize, rows: i32, cols: i32, size: i32): i32 {
  for (let i = 0; i < rows; i++) {
    const bins = out + ((<usize>i * <usize>size) << 2);
    const row = x + ((<usize>i * <usize>cols) << 2);
    for (let j = 0; j < cols; j++) {
      const v = load<i32>(row + (<usize>j << 2));
      if (<u32>v >= <u32>size) {
        if (v < 0) return -1;
        continue;
      }
      const bin = bins + (<usize>v << 2);
      store<T>(bin, load<T>(bin) + <T>1);
    }
  }
  return 0;
}
