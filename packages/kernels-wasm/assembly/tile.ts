// Tile: each axis fills its first copy (recursively, the innermost axis by one block copy), then
// replicates that whole block. FusedBatchNorm's gradient tiles
// 1/sqrt(variance + ε) from [1, 1, 1, C] to the activation's shape; broadcastTo (tf.where's
// operands, among others) runs as a Tile too.
import { copyBytes } from './simd';

/**
 * dims: 4·rank i32 = shape, reps, input strides, output strides (in elements, row-major).
 */
function tileAxis(x: usize, out: usize, axis: i32, rank: i32, dims: usize, elementBytes: usize): void {
  const size = load<i32>(dims + (<usize>axis << 2));
  const reps = load<i32>(dims + (<usize>(rank + axis) << 2));
  const inStride = load<i32>(dims + (<usize>(2 * rank + axis) << 2));
  const outStride = load<i32>(dims + (<usize>(3 * rank + axis) << 2));
  if (axis == rank - 1) {
    copyBytes(out, x, <usize>size * elementBytes);
  } else {
    for (let i = 0; i < size; i++) {
      tileAxis(x + <usize>i * <usize>inStride * elementBytes, out + <usize>i * <usize>outStride * elementBytes, axis + 1, rank, dims, elementBytes);
    }
  }
  // Doubling: the copies made so far are copied at once, so a small block (broadcasting a
  // [N, 1] column to [N, C]) takes log2(reps) copies, not reps.
  const blockBytes = <usize>size * <usize>outStride * elementBytes;
  for (let k = 1; k < reps; ) {
    const n = min(k, reps - k);
    copyBytes(out + <usize>k * blockBytes, out, <usize>n * blockBytes);
    k += n;
  }
}

/** out = tile(x, reps) for x of rank ≥ 1 with elements of `elementBytes` bytes; see tileAxis for dims. */
export function tile(x: usize, out: usize, rank: i32, dims: usize, elementBytes: i32): void {
  tileAxis(x, out, 0, rank, dims, <usize>elementBytes);
}
