// The GEMM's micro-kernels, shared by Conv2D, Conv2DBackpropInput, grouped and Winograd
// convolution, Conv2DBackpropFilter and (Batch)MatMul.
//
// C[M×N] = A[M×K] · B[K×N] + bias, where row i of A is not stored as a matrix: it is gathered from
// `runs` contiguous stretches of `runLen` floats at a + rowOff[i] + runOff[r]. For a matmul that is
// one run of K floats per row; for an NHWC convolution over a zero-padded input each filter row's
// window is contiguous (kw·Cin floats), so the im2col matrix is never materialised.
//
// B is packed into panels of K×8 floats (8 output columns, zero padded; gemm_pack.ts): the 4×8
// register tile (4 broadcast A values × 2 B vectors, 8 accumulators) is the largest V8 keeps in
// registers. The tiles are unrolled by hand, one line per accumulator: that repetition, here and
// in gemm1x32, is what keeps them in registers.
import { clampCeiling, clamped, madd, storePartial } from './simd';

/** Rows of A processed per block; the block's A rows stay cache-resident across all panels. */
export const BLOCK_M: i32 = 64;

/**
 * C = A·B (+ bias) over the gathered rows described above, in 4×8 tiles (one row: gemm1x32).
 * rowOff: M i32 byte offsets; runOff: `runs` i32 byte offsets; packed: panels from packPanels with
 * K = runs·runLen; bias: ceil(N/8)·8 floats or 0; out: M rows of `outStride` floats (N used);
 * scratch: 8 floats.
 */
export function gemm(
  a: usize,
  rowOff: usize,
  M: i32,
  runOff: usize,
  runs: i32,
  runLen: i32,
  packed: usize,
  bias: usize,
  out: usize,
  N: i32,
  scratch: usize,
  outStride: i32 = N,
  clamp: i32 = 0,
): void {
  const K = runs * runLen;
  const panelBytes = <usize>K << 5;
  const panels = (N + 7) >> 3;
  const rowBytes = <usize>outStride << 2;
  const runBytes = <usize>runLen << 2;
  if (M == 1) {
    gemm1x32(a + <usize>load<i32>(rowOff), runOff, runs, runBytes, packed, panelBytes, panels, bias, out, N, scratch, clamp);
    return;
  }
  const zero = f32x4.splat(0);
  const ceiling = clampCeiling(clamp);
  for (let m0 = 0; m0 < M; m0 += BLOCK_M) {
    const mEnd = min(m0 + BLOCK_M, M);
    for (let j = 0; j < panels; j++) {
      const panel = packed + <usize>j * panelBytes;
      const cols = min(8, N - (j << 3));
      let b0 = zero;
      let b1 = zero;
      if (bias != 0) {
        b0 = v128.load(bias + (<usize>j << 5));
        b1 = v128.load(bias + (<usize>j << 5), 16);
      }
      for (let i = m0; i < mEnd; i += 4) {
        const rows = min(4, mEnd - i);
        // Missing rows of a partial tile repeat row 0: valid addresses, results discarded.
        const o0 = <usize>load<i32>(rowOff + (<usize>i << 2));
        const o1 = rows > 1 ? <usize>load<i32>(rowOff + (<usize>i << 2), 4) : o0;
        const o2 = rows > 2 ? <usize>load<i32>(rowOff + (<usize>i << 2), 8) : o0;
        const o3 = rows > 3 ? <usize>load<i32>(rowOff + (<usize>i << 2), 12) : o0;
        let c00 = b0;
        let c01 = b1;
        let c10 = b0;
        let c11 = b1;
        let c20 = b0;
        let c21 = b1;
        let c30 = b0;
        let c31 = b1;
        let w = panel;
        for (let r = 0; r < runs; r++) {
          const base = a + <usize>load<i32>(runOff + (<usize>r << 2));
          let p0 = base + o0;
          let p1 = base + o1;
          let p2 = base + o2;
          let p3 = base + o3;
          const end = p0 + runBytes;
          while (p0 < end) {
            const w0 = v128.load(w);
            const w1 = v128.load(w, 16);
            const a0 = v128.load32_splat(p0);
            c00 = madd(a0, w0, c00);
            c01 = madd(a0, w1, c01);
            const a1 = v128.load32_splat(p1);
            c10 = madd(a1, w0, c10);
            c11 = madd(a1, w1, c11);
            const a2 = v128.load32_splat(p2);
            c20 = madd(a2, w0, c20);
            c21 = madd(a2, w1, c21);
            const a3 = v128.load32_splat(p3);
            c30 = madd(a3, w0, c30);
            c31 = madd(a3, w1, c31);
            p0 += 4;
            p1 += 4;
            p2 += 4;
            p3 += 4;
            w += 32;
          }
        }
        if (clamp != 0) {
          c00 = clamped(c00, zero, ceiling);
          c01 = clamped(c01, zero, ceiling);
          c10 = clamped(c10, zero, ceiling);
          c11 = clamped(c11, zero, ceiling);
          c20 = clamped(c20, zero, ceiling);
          c21 = clamped(c21, zero, ceiling);
          c30 = clamped(c30, zero, ceiling);
          c31 = clamped(c31, zero, ceiling);
        }
        const dst = out + <usize>i * rowBytes + (<usize>j << 5);
        if (cols == 8) {
          v128.store(dst, c00);
          v128.store(dst, c01, 16);
          if (rows > 1) {
            v128.store(dst + rowBytes, c10);
            v128.store(dst + rowBytes, c11, 16);
          }
          if (rows > 2) {
            v128.store(dst + 2 * rowBytes, c20);
            v128.store(dst + 2 * rowBytes, c21, 16);
          }
          if (rows > 3) {
            v128.store(dst + 3 * rowBytes, c30);
            v128.store(dst + 3 * rowBytes, c31, 16);
          }
        } else {
          storePartial(dst, c00, c01, cols, scratch);
          if (rows > 1) storePartial(dst + rowBytes, c10, c11, cols, scratch);
          if (rows > 2) storePartial(dst + 2 * rowBytes, c20, c21, cols, scratch);
          if (rows > 3) storePartial(dst + 3 * rowBytes, c30, c31, cols, scratch);
        }
      }
    }
  }
}

/**
 * The 1×32 micro-kernel: gemm() for a single row of A (a Dense layer at batch 1, a convolution
 * with one output pixel), where the 4×8 tile would compute the same row four times. The row meets four panels at once
 * (1×32, eight accumulators: as many independent adds per k-step as the 4×8 tile has); a last
 * group of fewer panels repeats its first panel in the missing places (valid addresses, results
 * discarded). `row` is the row's address.
 */
function gemm1x32(
  row: usize,
  runOff: usize,
  runs: i32,
  runBytes: usize,
  packed: usize,
  panelBytes: usize,
  panels: i32,
  bias: usize,
  out: usize,
  N: i32,
  scratch: usize,
  clamp: i32,
): void {
  const zero = f32x4.splat(0);
  const ceiling = clampCeiling(clamp);
  for (let j = 0; j < panels; j += 4) {
    const count = min(4, panels - j);
    let w0 = packed + <usize>j * panelBytes;
    let w1 = count > 1 ? w0 + panelBytes : w0;
    let w2 = count > 2 ? w0 + 2 * panelBytes : w0;
    let w3 = count > 3 ? w0 + 3 * panelBytes : w0;
    let c00 = zero;
    let c01 = zero;
    let c10 = zero;
    let c11 = zero;
    let c20 = zero;
    let c21 = zero;
    let c30 = zero;
    let c31 = zero;
    if (bias != 0) {
      // Bias holds ceil(N/8)·8 floats: only the panels that exist have theirs.
      const b = bias + (<usize>j << 5);
      c00 = v128.load(b);
      c01 = v128.load(b, 16);
      if (count > 1) {
        c10 = v128.load(b, 32);
        c11 = v128.load(b, 48);
      }
      if (count > 2) {
        c20 = v128.load(b, 64);
        c21 = v128.load(b, 80);
      }
      if (count > 3) {
        c30 = v128.load(b, 96);
        c31 = v128.load(b, 112);
      }
    }
    for (let r = 0; r < runs; r++) {
      let p = row + <usize>load<i32>(runOff + (<usize>r << 2));
      const end = p + runBytes;
      while (p < end) {
        const x = v128.load32_splat(p);
        c00 = madd(x, v128.load(w0), c00);
        c01 = madd(x, v128.load(w0, 16), c01);
        c10 = madd(x, v128.load(w1), c10);
        c11 = madd(x, v128.load(w1, 16), c11);
        c20 = madd(x, v128.load(w2), c20);
        c21 = madd(x, v128.load(w2, 16), c21);
        c30 = madd(x, v128.load(w3), c30);
        c31 = madd(x, v128.load(w3, 16), c31);
        p += 4;
        w0 += 32;
        w1 += 32;
        w2 += 32;
        w3 += 32;
      }
    }
    if (clamp != 0) {
      c00 = clamped(c00, zero, ceiling);
      c01 = clamped(c01, zero, ceiling);
      c10 = clamped(c10, zero, ceiling);
      c11 = clamped(c11, zero, ceiling);
      c20 = clamped(c20, zero, ceiling);
      c21 = clamped(c21, zero, ceiling);
      c30 = clamped(c30, zero, ceiling);
      c31 = clamped(c31, zero, ceiling);
    }
    const dst = out + (<usize>j << 5);
    storePanelRow(dst, c00, c01, N - (j << 3), scratch);
    if (count > 1) storePanelRow(dst + 32, c10, c11, N - ((j + 1) << 3), scratch);
    if (count > 2) storePanelRow(dst + 64, c20, c21, N - ((j + 2) << 3), scratch);
    if (count > 3) storePanelRow(dst + 96, c30, c31, N - ((j + 3) << 3), scratch);
  }
}

/** Store one panel's 8 results of a row, or the `remaining` (< 8) columns that exist. */
// @ts-ignore: decorator
@inline
function storePanelRow(dst: usize, lo: v128, hi: v128, remaining: i32, scratch: usize): void {
  if (remaining >= 8) {
    v128.store(dst, lo);
    v128.store(dst, hi, 16);
  } else {
    storePartial(dst, lo, hi, remaining, scratch);
  }
}
