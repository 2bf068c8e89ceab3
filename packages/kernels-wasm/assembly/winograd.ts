// Winograd F(2×2, 3×3): a 3×3 stride-1 convolution computed per 2×2 output tile from the 4×4
// input patch under it, with 16 multiplies per (tile, input channel, output channel) instead of
// the direct form's 36 (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2016):
//   Y = Aᵀ · Σ_c [(G g_c Gᵀ) ⊙ (Bᵀ d_c B)] · A
// The channel sum of the element-wise products is 16 independent GEMMs (one per element ξ of the
// 4×4 transformed tile): M_ξ[tiles×N] = V_ξ[tiles×C] · U_ξ[C×N], run by the packed GEMM.
// The transforms only add, subtract and halve, so float32 results stay within a few ulp-scaled
// roundings of the direct convolution's, as long as nothing overflows: an Inf or NaN in a tile's
// patch, or values near float32's range, make the transforms compute Inf − Inf (NaN) where the
// direct sum does not. Such a tile always ends up with a non-finite or huge output (every patch
// value reaches some output through ±1 coefficients, and Inf never cancels), so the output
// transform checks its results and flags the call; the caller then computes it directly.
import { applyActivation } from './activation';
import { gemm } from './gemm_microkernel';

/**
 * Filter transform U = G·g·Gᵀ with G = [[1,0,0], [½,½,½], [½,-½,½], [0,0,1]], for every
 * (input channel, output channel): src is HWIO [3][3][C][N]; dst gets 16 row-major C×N matrices,
 * matrix 4·i + j holding element (i, j) of each U.
 */
export function winogradFilterTransform(src: usize, dst: usize, C: i32, N: i32): void {
  const CN = <usize>C * <usize>N;
  const tapBytes = CN << 2;
  for (let e: usize = 0; e < CN; e++) {
    const p = src + (e << 2);
    const q = dst + (e << 2);
    // t = G·g: rows of the 4×3 intermediate, one tap column s at a time.
    for (let s: usize = 0; s < 3; s++) {
      const g0 = load<f32>(p + s * tapBytes);
      const g1 = load<f32>(p + (3 + s) * tapBytes);
      const g2 = load<f32>(p + (6 + s) * tapBytes);
      // Park t[i][s] in matrices ξ = 4·i + s; the column pass below reads them back.
      store<f32>(q + s * tapBytes, g0);
      store<f32>(q + (4 + s) * tapBytes, 0.5 * (g0 + g1 + g2));
      store<f32>(q + (8 + s) * tapBytes, 0.5 * (g0 - g1 + g2));
      store<f32>(q + (12 + s) * tapBytes, g2);
    }
    // U = t·Gᵀ: each row's three values become four.
    for (let i: usize = 0; i < 4; i++) {
      const row = q + 4 * i * tapBytes;
      const t0 = load<f32>(row);
      const t1 = load<f32>(row + tapBytes);
      const t2 = load<f32>(row + 2 * tapBytes);
      store<f32>(row, t0);
      store<f32>(row + tapBytes, 0.5 * (t0 + t1 + t2));
      store<f32>(row + 2 * tapBytes, 0.5 * (t0 - t1 + t2));
      store<f32>(row + 3 * tapBytes, t2);
    }
  }
}

/**
 * Row i of V = Bᵀ·d·B for four channels: row i of Bᵀ·d is `first ± second` (two rows of d), then
 * the same combination of its columns goes to matrices 4·i … 4·i + 3 (`out`, matrixBytes apart).
 */
// @ts-ignore: decorator
@inline
function inputRow(first: usize, second: usize, add: bool, pixelBytes: usize, out: usize, matrixBytes: usize): void {
  let w0 = v128.load(first);
  let w1 = v128.load(first + pixelBytes);
  let w2 = v128.load(first + 2 * pixelBytes);
  let w3 = v128.load(first + 3 * pixelBytes);
  const s0 = v128.load(second);
  const s1 = v128.load(second + pixelBytes);
  const s2 = v128.load(second + 2 * pixelBytes);
  const s3 = v128.load(second + 3 * pixelBytes);
  if (add) {
    w0 = f32x4.add(w0, s0);
    w1 = f32x4.add(w1, s1);
    w2 = f32x4.add(w2, s2);
    w3 = f32x4.add(w3, s3);
  } else {
    w0 = f32x4.sub(w0, s0);
    w1 = f32x4.sub(w1, s1);
    w2 = f32x4.sub(w2, s2);
    w3 = f32x4.sub(w3, s3);
  }
  v128.store(out, f32x4.sub(w0, w2));
  v128.store(out + matrixBytes, f32x4.add(w1, w2));
  v128.store(out + 2 * matrixBytes, f32x4.sub(w2, w1));
  v128.store(out + 3 * matrixBytes, f32x4.sub(w1, w3));
}

/**
 * Input transform of one tile, four channels at a time: V = Bᵀ·d·B with
 * Bᵀ = [[1,0,-1,0], [0,1,1,0], [0,-1,1,0], [0,1,0,-1]]. d's row r, column j is at
 * patch + r·rowBytes + j·pixelBytes; V's element ξ goes to v + ξ·matrixBytes.
 */
// @ts-ignore: decorator
@inline
function inputTile(patch: usize, rowBytes: usize, pixelBytes: usize, v: usize, matrixBytes: usize, C: i32): void {
  const rowsBytes = matrixBytes << 2;
  for (let c = 0; c < C; c += 4) {
    const at = <usize>c << 2;
    const d0 = patch + at;
    const d1 = d0 + rowBytes;
    const d2 = d1 + rowBytes;
    const d3 = d2 + rowBytes;
    const out = v + at;
    // Rows of Bᵀ·d: d0 - d2, d1 + d2, d2 - d1, d1 - d3.
    inputRow(d0, d2, false, pixelBytes, out, matrixBytes);
    inputRow(d1, d2, true, pixelBytes, out + rowsBytes, matrixBytes);
    inputRow(d2, d1, false, pixelBytes, out + 2 * rowsBytes, matrixBytes);
    inputRow(d1, d3, false, pixelBytes, out + 3 * rowsBytes, matrixBytes);
  }
}

/**
 * Largest |output| trusted from the transforms (2^100): far beyond any network's activations, far
 * below float32's 3.4e38, where the transforms' sums of patch values could overflow and the direct
 * convolution's would not (or the other way round).
 */
const TRUSTED_MAGNITUDE: f32 = 1.2676506e30;

/**
 * Output transform of one tile, four channels at a time: Y = Aᵀ·m·A + bias with
 * Aᵀ = [[1,1,1,0], [0,1,-1,-1]]; m's element ξ is at m + ξ·matrixBytes. Writes the 2×2 outputs
 * that fall inside the image (rows < rowsLeft, columns < colsLeft). Returns `trusted` with a lane
 * cleared wherever an output (written or not) is NaN, ±Inf or beyond TRUSTED_MAGNITUDE.
 */
// @ts-ignore: decorator
@inline
function outputTile(
  m: usize, matrixBytes: usize, bias: usize, dst: usize, rowBytes: usize, N: i32, rowsLeft: i32, colsLeft: i32, trusted: v128,
): v128 {
  const pixelBytes = <usize>N << 2;
  const limit = f32x4.splat(TRUSTED_MAGNITUDE);
  for (let n = 0; n < N; n += 4) {
    const at = <usize>n << 2;
    const src = m + at;
    // Columns j of S = Aᵀ·m: S0j = m0j + m1j + m2j, S1j = m1j - m2j - m3j.
    let a = v128.load(src);
    let b = v128.load(src + 4 * matrixBytes);
    let c = v128.load(src + 8 * matrixBytes);
    let d = v128.load(src + 12 * matrixBytes);
    const s00 = f32x4.add(f32x4.add(a, b), c);
    const s10 = f32x4.sub(f32x4.sub(b, c), d);
    a = v128.load(src + matrixBytes);
    b = v128.load(src + 5 * matrixBytes);
    c = v128.load(src + 9 * matrixBytes);
    d = v128.load(src + 13 * matrixBytes);
    const s01 = f32x4.add(f32x4.add(a, b), c);
    const s11 = f32x4.sub(f32x4.sub(b, c), d);
    a = v128.load(src + 2 * matrixBytes);
    b = v128.load(src + 6 * matrixBytes);
    c = v128.load(src + 10 * matrixBytes);
    d = v128.load(src + 14 * matrixBytes);
    const s02 = f32x4.add(f32x4.add(a, b), c);
    const s12 = f32x4.sub(f32x4.sub(b, c), d);
    a = v128.load(src + 3 * matrixBytes);
    b = v128.load(src + 7 * matrixBytes);
    c = v128.load(src + 11 * matrixBytes);
    d = v128.load(src + 15 * matrixBytes);
    const s03 = f32x4.add(f32x4.add(a, b), c);
    const s13 = f32x4.sub(f32x4.sub(b, c), d);
    const beta = bias != 0 ? v128.load(bias + at) : f32x4.splat(0);
    // Then Y = S·A: Yr0 = Sr0 + Sr1 + Sr2, Yr1 = Sr1 - Sr2 - Sr3.
    const out = dst + at;
    const y00 = f32x4.add(f32x4.add(f32x4.add(s00, s01), s02), beta);
    const y01 = f32x4.add(f32x4.sub(f32x4.sub(s01, s02), s03), beta);
    const y10 = f32x4.add(f32x4.add(f32x4.add(s10, s11), s12), beta);
    const y11 = f32x4.add(f32x4.sub(f32x4.sub(s11, s12), s13), beta);
    // |y| <= limit is false for NaN, ±Inf and huge values alike.
    const small = v128.and(
      v128.and(f32x4.le(f32x4.abs(y00), limit), f32x4.le(f32x4.abs(y01), limit)),
      v128.and(f32x4.le(f32x4.abs(y10), limit), f32x4.le(f32x4.abs(y11), limit)),
    );
    trusted = v128.and(trusted, small);
    v128.store(out, y00);
    if (colsLeft > 1) v128.store(out + pixelBytes, y01);
    if (rowsLeft > 1) {
      v128.store(out + rowBytes, y10);
      if (colsLeft > 1) v128.store(out + rowBytes + pixelBytes, y11);
    }
  }
  return trusted;
}

/**
 * Gap after each of the 16 V and M matrices of a block. Matrix sizes are often multiples of 4 KiB,
 * so without it the transforms' 16 loads or stores per step all map to one L1 cache set and evict
 * each other.
 */
const MATRIX_PAD_BYTES: usize = 64;

/**
 * Tile rows [start, end) of the batch·tilesH rows of 2×2 output tiles (the unit threads split),
 * `blockRows` tile rows of one image at a time: transform their input patches, run the 16 GEMMs,
 * transform back with the bias, then apply the activation to the block's output rows while they
 * are in cache.
 *
 * xs: zero-padded input batch×Hs×Ws×C with Hs ≥ 2·tilesH + 2, Ws ≥ 2·tilesW + 2 (tile (th, tw)
 * reads rows 2·th…2·th+3, columns 2·tw…2·tw+3); packed: 16 panel sets of C×N, `matrixPanelBytes`
 * apart; bias: N floats or 0; out: batch×outH×outW×N. rowOff: blockRows·tilesW i32 offsets t·C·4;
 * runOff: one 0. scratch: per participant, `partBytes` from scratch + part·partBytes, holding
 * 16 blocks of blockRows·tilesW×C (V), 16 of blockRows·tilesW×N (M), each followed by 16 floats
 * (MATRIX_PAD_BYTES), and 8 floats for the GEMM. untrusted: an i32 set to 1 (never cleared) when
 * a tile's outputs could differ from the direct convolution's (see outputTile); the caller then
 * computes the whole call directly. C and N are multiples of 4.
 */
export function winogradConv2dRows(
  xs: usize,
  Hs: i32,
  Ws: i32,
  C: i32,
  tilesH: i32,
  tilesW: i32,
  blockRows: i32,
  packed: usize,
  matrixPanelBytes: usize,
  bias: usize,
  out: usize,
  outH: i32,
  outW: i32,
  N: i32,
  rowOff: usize,
  runOff: usize,
  scratch: usize,
  partBytes: usize,
  untrusted: usize,
  activation: i32,
  alpha: f32,
  alphaPtr: usize,
  alphaChannels: i32,
  start: i32,
  end: i32,
  part: i32,
): void {
  const capacity = <usize>blockRows * <usize>tilesW;
  const vBytes = ((capacity * <usize>C) << 2) + MATRIX_PAD_BYTES;
  const mBytes = ((capacity * <usize>N) << 2) + MATRIX_PAD_BYTES;
  const v = scratch + <usize>part * partBytes;
  const m = v + 16 * vBytes;
  const gemmScratch = m + 16 * mBytes;
  const pixelBytes = <usize>C << 2;
  const inRowBytes = <usize>Ws * pixelBytes;
  const outPixelBytes = <usize>N << 2;
  const outRowBytes = <usize>outW * outPixelBytes;
  let row = start;
  while (row < end) {
    const b = row / tilesH;
    const th0 = row - b * tilesH;
    const rows = min(min(blockRows, end - row), tilesH - th0);
    const tiles = rows * tilesW;
    const image = xs + <usize>b * <usize>Hs * inRowBytes;
    for (let t = 0; t < tiles; t++) {
      const th = th0 + t / tilesW;
      const tw = t % tilesW;
      const patch = image + <usize>(2 * th) * inRowBytes + <usize>(2 * tw) * pixelBytes;
      inputTile(patch, inRowBytes, pixelBytes, v + ((<usize>t * <usize>C) << 2), vBytes, C);
    }
    for (let e = 0; e < 16; e++) {
      gemm(v + <usize>e * vBytes, rowOff, tiles, runOff, 1, C, packed + <usize>e * matrixPanelBytes, 0, m + <usize>e * mBytes, N, gemmScratch);
    }
    const outImage = out + <usize>b * <usize>outH * outRowBytes;
    let trusted = i32x4.splat(-1);
    for (let t = 0; t < tiles; t++) {
      const oy = 2 * (th0 + t / tilesW);
      const ox = 2 * (t % tilesW);
      const dst = outImage + <usize>oy * outRowBytes + <usize>ox * outPixelBytes;
      trusted = outputTile(m + ((<usize>t * <usize>N) << 2), mBytes, bias, dst, outRowBytes, N, outH - oy, outW - ox, trusted);
    }
    // Checked before the activation, which can map Inf or NaN to a finite value (ReLU of -Inf).
    if (!i32x4.all_true(trusted)) store<i32>(untrusted, 1);
    const firstRow = 2 * th0;
    const lastRow = min(2 * (th0 + rows), outH);
    applyActivation(outImage + <usize>firstRow * outRowBytes, (lastRow - firstRow) * outW * N, activation, alpha, alphaPtr, alphaChannels);
    row += rows;
  }
}
