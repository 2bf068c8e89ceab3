// Tile: FusedBatchNorm's gradient tiles 1/sqrt(variance + ε) from [1, 1, 1, C] to the whole
// activation shape, which tfjs's cpu kernel does one element at a time through index arithmetic.
// Here each axis fills its first copy (recursively, the innermost axis by one memory.copy), then
// replicates that whole block reps − 1 times with memory.copy.

/**
 * dims: 4·rank i32 = shape, reps, input strides, output strides (in elements, row-major).
 */
function tileAxis(x: usize, out: usize, axis: i32, rank: i32, dims: usize): void {
  const size = load<i32>(dims + (<usize>axis << 2));
  const reps = load<i32>(dims + (<usize>(rank + axis) << 2));
  const inStride = load<i32>(dims + (<usize>(2 * rank + axis) << 2));
  const outStride = load<i32>(dims + (<usize>(3 * rank + axis) << 2));
  if (axis == rank - 1) {
    memory.copy(out, x, <usize>size << 2);
  } else {
    for (let i = 0; i < size; i++) {
      tileAxis(x + ((<usize>i * <usize>inStride) << 2), out + ((<usize>i * <usize>outStride) << 2), axis + 1, rank, dims);
    }
  }
  const blockBytes = (<usize>size * <usize>outStride) << 2;
  for (let k = 1; k < reps; k++) memory.copy(out + <usize>k * blockBytes, out, blockBytes);
}

/** out = tile(x, reps) for float32 x of rank ≥ 1; see tileAxis for dims. */
export function tile(x: usize, out: usize, rank: i32, dims: usize): void {
  tileAxis(x, out, 0, rank, dims);
}
