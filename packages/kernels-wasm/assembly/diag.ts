// Diag: x's n values on the diagonal of an n×n block of zeros (4-byte or 1-byte elements).

export function diag(x: usize, out: usize, n: i32, elementBytes: i32): void {
  const es = <usize>elementBytes;
  memory.fill(out, 0, <usize>n * <usize>n * es);
  for (let i = 0; i < n; i++) memory.copy(out + (<usize>i * <usize>(n + 1)) * es, x + <usize>i * es, es);
}
