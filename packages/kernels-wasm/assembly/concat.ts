// Concat of float32 tensors viewed as [outer, inner_i]: each output row is the inputs' rows in
// order. `inputs` holds `count` (pointer, inner) i32 pairs.
export function concat(out: usize, outer: i32, count: i32, inputs: usize): void {
  let dst = out;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < count; i++) {
      const src = <usize>load<i32>(inputs + (<usize>i << 3));
      const innerBytes = <usize>load<i32>(inputs + (<usize>i << 3), 4) << 2;
      memory.copy(dst, src + <usize>o * innerBytes, innerBytes);
      dst += innerBytes;
    }
  }
}
