// Operand layout for the GEMM (gemm_microkernel.ts): B packed into the panels the micro-kernels
// read, row offsets of a plain matrix A, and a transpose for A stored column-major.

/**
 * Pack B into panels of K×8 floats at dst (ceil(N/8) panels, columns past N zero).
 * B is K×N row-major, or N×K row-major when `transposed`.
 */
export function packPanels(b: usize, dst: usize, K: i32, N: i32, transposed: bool): void {
  const panels = (N + 7) >> 3;
  for (let j = 0; j < panels; j++) {
    const panel = dst + ((<usize>j * <usize>K) << 5);
    for (let k = 0; k < K; k++) {
      const row = panel + (<usize>k << 5);
      for (let c = 0; c < 8; c++) {
        const n = (j << 3) + c;
        let v: f32 = 0;
        if (n < N) {
          const index = transposed ? <usize>n * <usize>K + <usize>k : <usize>k * <usize>N + <usize>n;
          v = load<f32>(b + (index << 2));
        }
        store<f32>(row + (<usize>c << 2), v);
      }
    }
  }
}

/** Row offsets of a plain row-major M×K matrix, for gemm: rowOff[i] = i·K·4. */
export function denseRowOffsets(rowOff: usize, M: i32, K: i32): void {
  for (let i = 0; i < M; i++) {
    store<i32>(rowOff + (<usize>i << 2), i * K * 4);
  }
}

/** dst (cols×rows) = transpose of src (rows×cols), both row-major. */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + ((<usize>c * <usize>rows + <usize>r) << 2), load<f32>(src + ((<usize>r * <usize>cols + <usize>c) << 2)));
    }
  }
}
