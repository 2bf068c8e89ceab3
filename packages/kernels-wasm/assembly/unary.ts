// Elementwise unary activations over n float32 values at x, written to out (may alias x).
export function relu(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const vecEnd = n & ~3;
  let i = 0;
  for (; i < vecEnd; i += 4) {
    const offset = <usize>i << 2;
    v128.store(out + offset, f32x4.max(v128.load(x + offset), zero));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    store<f32>(out + offset, max<f32>(load<f32>(x + offset), 0));
  }
}
