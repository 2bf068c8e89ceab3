// GatherV2 and GatherNd: rows of `inner` elements picked by index. x is viewed as
// [batch, outer, axisSize, inner] and the indices as [batch, count], giving out
// [batch, outer, count, inner] (GatherNd: batch = outer = 1, its slices' flat indices). The caller
// checks every index against axisSize first. Threads split the output rows.
import { copyBytes } from './simd';

export function gather(
  x: usize, indices: usize, out: usize, outer: i32, axisSize: i32, count: i32, inner: i32, elementBytes: i32,
  start: i32, end: i32, part: i32,
): void {
  if (count == 0) return;
  const rowBytes = <usize>inner * <usize>elementBytes;
  let block = start / count; // batch · outer + outer index
  let j = start % count;
  let r = start;
  while (r < end) {
    const base = x + <usize>block * <usize>axisSize * rowBytes;
    const picks = indices + (<usize>((block / outer) * count) << 2);
    const stop = min(count, j + (end - r));
    let dst = out + <usize>r * rowBytes;
    r += stop - j;
    if (rowBytes == 4) {
      // One word a row (gathering along the last axis): no call per row.
      for (; j < stop; j++) {
        store<u32>(dst, load<u32>(base + (<usize>load<i32>(picks + (<usize>j << 2)) << 2)));
        dst += 4;
      }
    } else {
      for (; j < stop; j++) {
        copyBytes(dst, base + <usize>load<i32>(picks + (<usize>j << 2)) * rowBytes, rowBytes);
        dst += rowBytes;
      }
    }
    j = 0;
    block++;
  }
}

/**
 * GatherNd's and ScatterNd's index tuples as flat row numbers: tuple t (`rank` int32 coordinates
 * at indices + 4·rank·t) → Σ coordinate·strides[k] into rows (the row strides of the indexed axes,
 * `rank` i32 at strides). Returns -1, or the first tuple whose row falls outside [0, table) (as
 * tfjs, only the flat row is checked).
 */
export function flatIndices(indices: usize, count: i32, rank: i32, strides: usize, table: i32, rows: usize): i32 {
  for (let t = 0; t < count; t++) {
    const tuple = indices + (<usize>(t * rank) << 2);
    let row: i64 = 0;
    for (let k = 0; k < rank; k++) row += <i64>load<i32>(tuple + (<usize>k << 2)) * <i64>load<i32>(strides + (<usize>k << 2));
    if (row < 0 || row >= <i64>table) return t;
    store<i32>(rows + (<usize>t << 2), <i32>row);
  }
  return -1;
}
