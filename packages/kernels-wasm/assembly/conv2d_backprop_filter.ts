// Conv2DBackpropFilter as a GEMM: dW[K×Cout] = im2col(x)ᵀ[K×M] · dy[M×Cout], K = kh·kw·Cin and
// M = batch·outH·outW output pixels. gemm.ts gathers A's rows from contiguous runs, and a row of
// im2col(x)ᵀ (one filter tap, one input channel, every pixel) is strided by Cin, so each chunk of
// pixels is transposed into a K×P block first (4×4 SIMD transposes); the pixel chunk bounds that
// block's size and keeps it cache-resident. Partial products of later chunks are added to dW.
import { gemm } from './gemm_microkernel';
import { denseRowOffsets, packPanels } from './gemm_pack';
import { padInput, pixelOffsets, tapOffsets } from './conv2d';
import { storeTransposed4x4 } from './simd';

/** dst[r·P + p] = im2col row r of pixel p, for pixels [p0, p0 + P): K = taps·Cin rows. */
function gatherColumns(
  xs: usize,
  rowOff: usize,
  p0: i32,
  P: i32,
  tapOff: usize,
  taps: i32,
  Cin: i32,
  dst: usize,
): void {
  const rowBytes = <usize>P << 2;
  const cin4 = Cin & ~3;
  let p = 0;
  for (; p + 4 <= P; p += 4) {
    const r0 = xs + <usize>load<i32>(rowOff + (<usize>(p0 + p) << 2));
    const r1 = xs + <usize>load<i32>(rowOff + (<usize>(p0 + p) << 2), 4);
    const r2 = xs + <usize>load<i32>(rowOff + (<usize>(p0 + p) << 2), 8);
    const r3 = xs + <usize>load<i32>(rowOff + (<usize>(p0 + p) << 2), 12);
    for (let t = 0; t < taps; t++) {
      const off = <usize>load<i32>(tapOff + (<usize>t << 2));
      let d = dst + (<usize>t * <usize>Cin * rowBytes) + (<usize>p << 2);
      let c = 0;
      for (; c < cin4; c += 4) {
        const cb = off + (<usize>c << 2);
        const v0 = v128.load(r0 + cb);
        const v1 = v128.load(r1 + cb);
        const v2 = v128.load(r2 + cb);
        const v3 = v128.load(r3 + cb);
        // 4×4 transpose: lane i of vj goes to row c+i, column p+j.
        storeTransposed4x4(d, rowBytes, v0, v1, v2, v3);
        d += rowBytes << 2;
      }
      for (; c < Cin; c++) {
        const cb = off + (<usize>c << 2);
        store<f32>(d, load<f32>(r0 + cb));
        store<f32>(d, load<f32>(r1 + cb), 4);
        store<f32>(d, load<f32>(r2 + cb), 8);
        store<f32>(d, load<f32>(r3 + cb), 12);
        d += rowBytes;
      }
    }
  }
  for (; p < P; p++) {
    const r = xs + <usize>load<i32>(rowOff + (<usize>(p0 + p) << 2));
    for (let t = 0; t < taps; t++) {
      const off = <usize>load<i32>(tapOff + (<usize>t << 2));
      let d = dst + (<usize>t * <usize>Cin * rowBytes) + (<usize>p << 2);
      for (let c = 0; c < Cin; c++) {
        store<f32>(d, load<f32>(r + off + (<usize>c << 2)));
        d += rowBytes;
      }
    }
  }
}

/** acc += src over n floats. */
export function accumulate(acc: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(acc + o, f32x4.add(v128.load(acc + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(acc + o, load<f32>(acc + o) + load<f32>(src + o));
  }
}

// @ts-ignore: decorator
@inline
function align16(bytes: usize): usize {
  return (bytes + 15) & ~15;
}

/**
 * Bytes of one participant's workspace for conv2dBackpropFilterRange: its result (K·Cout), gemm
 * row offsets (K i32), the transposed im2col block (K·chunk), the packed dy chunk
 * (chunk·ceil(Cout/8)·8), a partial product (K·Cout), and the gemm's run offset + tile scratch.
 */
export function conv2dBackpropFilterWorkspace(K: i32, chunk: i32, Cout: i32): i32 {
  const Np = ((Cout + 7) >> 3) << 3;
  return <i32>(
    align16(<usize>K << 2) +
    align16((<usize>K * <usize>chunk) << 2) +
    align16((<usize>chunk * <usize>Np) << 2) +
    2 * align16((<usize>K * <usize>Cout) << 2) +
    64
  );
}

/**
 * Stage x (padded, cropped to the windows' extent Hs×Ws) and the offsets the gemm reads it with.
 * x: batch×H×W×Cin; staged: batch×Hs×Ws×Cin floats with Hs = (outH−1)·sh + (kh−1)·dh + 1 (Ws
 * likewise); rowOff: batch·outH·outW i32; tapOff: kh·kw i32.
 */
export function conv2dBackpropFilterOffsets(
  x: usize,
  batch: i32,
  H: i32,
  W: i32,
  Cin: i32,
  outH: i32,
  outW: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  padTop: i32,
  padLeft: i32,
  staged: usize,
  rowOff: usize,
  tapOff: usize,
): void {
  const Hs = (outH - 1) * sh + (kh - 1) * dh + 1;
  const Ws = (outW - 1) * sw + (kw - 1) * dw + 1;
  padInput(x, batch, H, W, Cin, 1, staged, Hs, Ws, Cin, padTop, padLeft, 1, 1);
  pixelOffsets(batch, Hs, Ws, Cin, outH, outW, sh, sw, rowOff);
  tapOffsets(kh, kw, dh, dw, Ws, Cin, tapOff);
}

/**
 * The filter gradient (K×Cout, K = taps·Cin) summed over output pixels [start, end), in chunks.
 * Part 0 writes dW; part p > 0 writes the result block at the start of its workspace (workspace +
 * p·workspaceBytes), which the caller adds to dW with `accumulate`. An empty range writes zeros.
 */
export function conv2dBackpropFilterRange(
  staged: usize,
  rowOff: usize,
  tapOff: usize,
  taps: i32,
  Cin: i32,
  dy: usize,
  Cout: i32,
  chunk: i32,
  dW: usize,
  workspace: usize,
  workspaceBytes: i32,
  start: i32,
  end: i32,
  part: i32,
): void {
  const K = taps * Cin;
  const Np = ((Cout + 7) >> 3) << 3;
  // The result block comes first: the caller finds part p's at workspace + p·workspaceBytes.
  const result = workspace + <usize>part * <usize>workspaceBytes;
  const rowOffA = result + align16((<usize>K * <usize>Cout) << 2);
  const cols = rowOffA + align16(<usize>K << 2);
  const packed = cols + align16((<usize>K * <usize>chunk) << 2);
  const partial = packed + align16((<usize>chunk * <usize>Np) << 2);
  const runOff = partial + align16((<usize>K * <usize>Cout) << 2);
  const tile = runOff + 16;
  const target = part == 0 ? dW : result;
  if (end <= start) {
    memory.fill(target, 0, (<usize>K * <usize>Cout) << 2);
    return;
  }
  // gemm's run list: one run of P floats per row of the K×P block.
  store<i32>(runOff, 0);
  for (let p0 = start; p0 < end; p0 += chunk) {
    const P = min(chunk, end - p0);
    gatherColumns(staged, rowOff, p0, P, tapOff, taps, Cin, cols);
    denseRowOffsets(rowOffA, K, P);
    packPanels(dy + ((<usize>p0 * <usize>Cout) << 2), packed, P, Cout, false);
    const out = p0 == start ? target : partial;
    gemm(cols, rowOffA, K, runOff, 1, P, packed, 0, out, Cout, tile);
    if (p0 != start) accumulate(target, partial, K * Cout);
  }
}
