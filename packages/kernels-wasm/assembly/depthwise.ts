// DepthwiseConv2dNative (NHWC) with the fused bias/activation epilogue, directly (no GEMM: each
// output channel sees one input channel). Output channel o reads input channel o: with a channel
// multiplier, or channels that are not whole 8-float tiles, the caller stages the input first
// (padInput repeats each channel `mult` times and pads to Cp), so the [kh, kw, C, mult] filter is
// already [kh, kw, C·mult]. Spatial padding is never staged: taps in it are skipped.
//
// The micro-kernels are named for their shape as XNNPACK names its own: dwconvKx3s1Row is the
// row kernel of a K×3 filter (any height K, width 3) at column stride 1, dwconvKx3Tile8x4 its
// register tile of 8 output pixels × 4 channels. Their bodies are unrolled by hand, one line per
// register (accumulator, input pixel): the repetition is the point, so that V8 keeps them in registers.
import { applyActivation, RELU, RELU6 } from './activation';
import { clampCeiling, clamped, madd, storeLanes, storePartial } from './simd';

// @ts-ignore: decorator
@inline
function storePixel8(dst: usize, lo: v128, hi: v128, cols: i32, scratch: usize, clamp: i32, ceiling: v128): void {
  if (clamp != 0) {
    const zero = f32x4.splat(0);
    lo = clamped(lo, zero, ceiling);
    hi = clamped(hi, zero, ceiling);
  }
  if (cols == 8) {
    v128.store(dst, lo);
    v128.store(dst, hi, 16);
  } else {
    storePartial(dst, lo, hi, cols, scratch);
  }
}

/**
 * The common 3-wide case, column stride 1 or 2 (`stride2`, a constant at each call site): a tile
 * of 8 output pixels × 4 channels of one output row. Each input pixel a filter row touches — 10 at
 * stride 1, 17 at stride 2 — is loaded once and feeds every accumulator that needs it (up to 3 at
 * stride 1; at stride 2, the downsampling depthwise of MobileNetV2 / EfficientNet, even ones feed
 * two and odd ones one), instead of one load per (pixel, tap).
 */
// @ts-ignore: decorator
@inline
function dwconvKx3Tile8x4(
  rowIn: usize,
  pixelBytes: usize,
  rowStepBytes: usize,
  kh: i32,
  weights: usize,
  bias: v128,
  dst: usize,
  outPixelBytes: usize,
  cols: i32,
  scratch: usize,
  clamp: i32,
  ceiling: v128,
  stride2: bool,
): void {
  let a0 = bias;
  let a1 = bias;
  let a2 = bias;
  let a3 = bias;
  let a4 = bias;
  let a5 = bias;
  let a6 = bias;
  let a7 = bias;
  let p = rowIn;
  let w = weights;
  const tapBytes = pixelBytes;
  for (let fh = 0; fh < kh; fh++) {
    const w0 = v128.load(w);
    const w1 = v128.load(w + tapBytes);
    const w2 = v128.load(w + 2 * tapBytes);
    let x: v128;
    // One pointer walked a pixel at a time: offsets k·pixelBytes (runtime) were hoisted out of the
    // filter-row loop by TurboFan, 17 of them at stride 2, and spilled.
    let q = p;
    if (stride2) {
      x = v128.load(q);
      q += pixelBytes;
      a0 = madd(x, w0, a0);
      x = v128.load(q);
      q += pixelBytes;
      a0 = madd(x, w1, a0);
      x = v128.load(q);
      q += pixelBytes;
      a0 = madd(x, w2, a0);
      a1 = madd(x, w0, a1);
      x = v128.load(q);
      q += pixelBytes;
      a1 = madd(x, w1, a1);
      x = v128.load(q);
      q += pixelBytes;
      a1 = madd(x, w2, a1);
      a2 = madd(x, w0, a2);
      x = v128.load(q);
      q += pixelBytes;
      a2 = madd(x, w1, a2);
      x = v128.load(q);
      q += pixelBytes;
      a2 = madd(x, w2, a2);
      a3 = madd(x, w0, a3);
      x = v128.load(q);
      q += pixelBytes;
      a3 = madd(x, w1, a3);
      x = v128.load(q);
      q += pixelBytes;
      a3 = madd(x, w2, a3);
      a4 = madd(x, w0, a4);
      x = v128.load(q);
      q += pixelBytes;
      a4 = madd(x, w1, a4);
      x = v128.load(q);
      q += pixelBytes;
      a4 = madd(x, w2, a4);
      a5 = madd(x, w0, a5);
      x = v128.load(q);
      q += pixelBytes;
      a5 = madd(x, w1, a5);
      x = v128.load(q);
      q += pixelBytes;
      a5 = madd(x, w2, a5);
      a6 = madd(x, w0, a6);
      x = v128.load(q);
      q += pixelBytes;
      a6 = madd(x, w1, a6);
      x = v128.load(q);
      q += pixelBytes;
      a6 = madd(x, w2, a6);
      a7 = madd(x, w0, a7);
      x = v128.load(q);
      q += pixelBytes;
      a7 = madd(x, w1, a7);
      x = v128.load(q);
      q += pixelBytes;
      a7 = madd(x, w2, a7);
    } else {
      x = v128.load(q);
      q += pixelBytes;
      a0 = madd(x, w0, a0);
      x = v128.load(q);
      q += pixelBytes;
      a0 = madd(x, w1, a0);
      a1 = madd(x, w0, a1);
      x = v128.load(q);
      q += pixelBytes;
      a0 = madd(x, w2, a0);
      a1 = madd(x, w1, a1);
      a2 = madd(x, w0, a2);
      x = v128.load(q);
      q += pixelBytes;
      a1 = madd(x, w2, a1);
      a2 = madd(x, w1, a2);
      a3 = madd(x, w0, a3);
      x = v128.load(q);
      q += pixelBytes;
      a2 = madd(x, w2, a2);
      a3 = madd(x, w1, a3);
      a4 = madd(x, w0, a4);
      x = v128.load(q);
      q += pixelBytes;
      a3 = madd(x, w2, a3);
      a4 = madd(x, w1, a4);
      a5 = madd(x, w0, a5);
      x = v128.load(q);
      q += pixelBytes;
      a4 = madd(x, w2, a4);
      a5 = madd(x, w1, a5);
      a6 = madd(x, w0, a6);
      x = v128.load(q);
      q += pixelBytes;
      a5 = madd(x, w2, a5);
      a6 = madd(x, w1, a6);
      a7 = madd(x, w0, a7);
      x = v128.load(q);
      q += pixelBytes;
      a6 = madd(x, w2, a6);
      a7 = madd(x, w1, a7);
      x = v128.load(q);
      q += pixelBytes;
      a7 = madd(x, w2, a7);
    }
    p += rowStepBytes;
    w += 3 * tapBytes;
  }
  storeTile8x4(dst, outPixelBytes, cols, scratch, clamp, ceiling, a0, a1, a2, a3, a4, a5, a6, a7);
}

/**
 * The K×3 row kernels: output columns [ow, owHi) of one output row, 8 pixels × 4 channels at a
 * time (dwconvKx3Tile8x4); returns the first column left. Stride 1 and stride 2 each have a
 * function of their own (dwconvKx3s1Row, dwconvKx3s2Row), with `stride2` a constant inside:
 * inlined side by side into one function, binaryen merges the two copies into one loop that tests
 * the flag at every filter row.
 */
// @ts-ignore: decorator
@inline
function dwconvKx3Row(
  stride2: bool, firstRow: usize, pixelBytes: usize, rowStepBytes: usize, kh: i32, firstWeights: usize, bias: usize,
  outRow: usize, outPixelBytes: usize, C: i32, scratch: usize, clamp: i32, ow: i32, owHi: i32,
): i32 {
  const ceiling = clampCeiling(clamp);
  const zero = f32x4.splat(0);
  const sw = stride2 ? 2 : 1;
  for (; ow + 8 <= owHi; ow += 8) {
    const rowIn = firstRow + <usize>(ow * sw) * pixelBytes;
    for (let c0 = 0; c0 < C; c0 += 4) {
      const biasVec = bias != 0 ? v128.load(bias + (<usize>c0 << 2)) : zero;
      const at = <usize>c0 << 2;
      const dst = outRow + <usize>ow * outPixelBytes + at;
      dwconvKx3Tile8x4(rowIn + at, pixelBytes, rowStepBytes, kh, firstWeights + at, biasVec, dst, outPixelBytes, min(4, C - c0), scratch, clamp, ceiling, stride2);
    }
  }
  return ow;
}

function dwconvKx3s1Row(
  firstRow: usize, pixelBytes: usize, rowStepBytes: usize, kh: i32, firstWeights: usize, bias: usize,
  outRow: usize, outPixelBytes: usize, C: i32, scratch: usize, clamp: i32, ow: i32, owHi: i32,
): i32 {
  return dwconvKx3Row(false, firstRow, pixelBytes, rowStepBytes, kh, firstWeights, bias, outRow, outPixelBytes, C, scratch, clamp, ow, owHi);
}

function dwconvKx3s2Row(
  firstRow: usize, pixelBytes: usize, rowStepBytes: usize, kh: i32, firstWeights: usize, bias: usize,
  outRow: usize, outPixelBytes: usize, C: i32, scratch: usize, clamp: i32, ow: i32, owHi: i32,
): i32 {
  return dwconvKx3Row(true, firstRow, pixelBytes, rowStepBytes, kh, firstWeights, bias, outRow, outPixelBytes, C, scratch, clamp, ow, owHi);
}

/** The 8 pixels × `cols` (≤ 4) channels of a K×3 tile, pixels `outPixelBytes` apart. */
// @ts-ignore: decorator
@inline
function storeTile8x4(
  dst: usize, outPixelBytes: usize, cols: i32, scratch: usize, clamp: i32, ceiling: v128,
  a0: v128, a1: v128, a2: v128, a3: v128, a4: v128, a5: v128, a6: v128, a7: v128,
): void {
  storeTile4x4(dst, outPixelBytes, cols, scratch, clamp, ceiling, a0, a1, a2, a3);
  storeTile4x4(dst + 4 * outPixelBytes, outPixelBytes, cols, scratch, clamp, ceiling, a4, a5, a6, a7);
}

/** 4 pixels × `cols` (≤ 4) channels, clamped for ReLU / ReLU6, pixels `outPixelBytes` apart. */
// @ts-ignore: decorator
@inline
function storeTile4x4(
  dst: usize, outPixelBytes: usize, cols: i32, scratch: usize, clamp: i32, ceiling: v128,
  a0: v128, a1: v128, a2: v128, a3: v128,
): void {
  if (clamp != 0) {
    const zero = f32x4.splat(0);
    a0 = clamped(a0, zero, ceiling);
    a1 = clamped(a1, zero, ceiling);
    a2 = clamped(a2, zero, ceiling);
    a3 = clamped(a3, zero, ceiling);
  }
  if (cols == 4) {
    v128.store(dst, a0);
    v128.store(dst + outPixelBytes, a1);
    v128.store(dst + 2 * outPixelBytes, a2);
    v128.store(dst + 3 * outPixelBytes, a3);
  } else {
    storeLanes(dst, a0, cols, scratch);
    storeLanes(dst + outPixelBytes, a1, cols, scratch);
    storeLanes(dst + 2 * outPixelBytes, a2, cols, scratch);
    storeLanes(dst + 3 * outPixelBytes, a3, cols, scratch);
  }
}

/**
 * The K×5 row kernel at column stride 1 (EfficientNet's 5×5 depthwise layers): output columns
 * [ow, owHi) of one output row in tiles of 4 output pixels × 4 channels. Each of the 8 input pixels
 * a filter row touches is loaded once and feeds every accumulator that needs it, with the row's 5
 * weights in registers: 13 loads per 20 multiply-adds where the generic 4-pixel tile loads an
 * input vector and a weight per multiply-add or so.
 */
function dwconvKx5s1Row(
  firstRow: usize, pixelBytes: usize, rowStepBytes: usize, kh: i32, firstWeights: usize, bias: usize,
  outRow: usize, outPixelBytes: usize, C: i32, scratch: usize, clamp: i32, ow: i32, owHi: i32,
): i32 {
  const ceiling = clampCeiling(clamp);
  const zero = f32x4.splat(0);
  for (; ow + 4 <= owHi; ow += 4) {
    const rowIn = firstRow + <usize>ow * pixelBytes;
    for (let c0 = 0; c0 < C; c0 += 4) {
      const at = <usize>c0 << 2;
      const b = bias != 0 ? v128.load(bias + at) : zero;
      let a0 = b;
      let a1 = b;
      let a2 = b;
      let a3 = b;
      let p = rowIn + at;
      let w = firstWeights + at;
      for (let fh = 0; fh < kh; fh++) {
        const w0 = v128.load(w);
        const w1 = v128.load(w + pixelBytes);
        const w2 = v128.load(w + 2 * pixelBytes);
        const w3 = v128.load(w + 3 * pixelBytes);
        const w4 = v128.load(w + 4 * pixelBytes);
        let q = p;
        let x = v128.load(q);
        q += pixelBytes;
        a0 = madd(x, w0, a0);
        x = v128.load(q);
        q += pixelBytes;
        a0 = madd(x, w1, a0);
        a1 = madd(x, w0, a1);
        x = v128.load(q);
        q += pixelBytes;
        a0 = madd(x, w2, a0);
        a1 = madd(x, w1, a1);
        a2 = madd(x, w0, a2);
        x = v128.load(q);
        q += pixelBytes;
        a0 = madd(x, w3, a0);
        a1 = madd(x, w2, a1);
        a2 = madd(x, w1, a2);
        a3 = madd(x, w0, a3);
        x = v128.load(q);
        q += pixelBytes;
        a0 = madd(x, w4, a0);
        a1 = madd(x, w3, a1);
        a2 = madd(x, w2, a2);
        a3 = madd(x, w1, a3);
        x = v128.load(q);
        q += pixelBytes;
        a1 = madd(x, w4, a1);
        a2 = madd(x, w3, a2);
        a3 = madd(x, w2, a3);
        x = v128.load(q);
        q += pixelBytes;
        a2 = madd(x, w4, a2);
        a3 = madd(x, w3, a3);
        x = v128.load(q);
        a3 = madd(x, w4, a3);
        p += rowStepBytes;
        w += 5 * pixelBytes;
      }
      storeTile4x4(outRow + <usize>ow * outPixelBytes + at, outPixelBytes, min(4, C - c0), scratch, clamp, ceiling, a0, a1, a2, a3);
    }
  }
  return ow;
}

/**
 * One border output pixel (its window partly in padding): taps [fhMin, fhMax) × [fwMin, fwMax)
 * only, 16 channels at a time (four independent sums), then 8.
 */
// @ts-ignore: decorator
@inline
function borderPixel(
  image: usize, W: i32, pixelBytes: usize, ih0: i32, iw0: i32, fhMin: i32, fhMax: i32, fwMin: i32, fwMax: i32,
  kw: i32, dh: i32, dw: i32, weights: usize, bias: usize, dst: usize, C: i32, Cp: i32, scratch: usize, clamp: i32, ceiling: v128,
): void {
  const zero = f32x4.splat(0);
  const tapStep = <usize>dw * pixelBytes;
  let c0 = 0;
  for (; c0 + 16 <= Cp; c0 += 16) {
    const cb = <usize>c0 << 2;
    let a0 = zero, a1 = zero, a2 = zero, a3 = zero;
    if (bias != 0) {
      a0 = v128.load(bias + cb); a1 = v128.load(bias + cb, 16); a2 = v128.load(bias + cb, 32); a3 = v128.load(bias + cb, 48);
    }
    for (let fh = fhMin; fh < fhMax; fh++) {
      let p = image + <usize>((ih0 + fh * dh) * W + iw0 + fwMin * dw) * pixelBytes + cb;
      let w = weights + <usize>(fh * kw + fwMin) * pixelBytes + cb;
      for (let fw = fwMin; fw < fwMax; fw++) {
        a0 = madd(v128.load(p), v128.load(w), a0);
        a1 = madd(v128.load(p, 16), v128.load(w, 16), a1);
        a2 = madd(v128.load(p, 32), v128.load(w, 32), a2);
        a3 = madd(v128.load(p, 48), v128.load(w, 48), a3);
        p += tapStep;
        w += pixelBytes;
      }
    }
    storePixel8(dst + cb, a0, a1, min(8, C - c0), scratch, clamp, ceiling);
    if (C - c0 > 8) storePixel8(dst + cb + 32, a2, a3, min(8, C - c0 - 8), scratch, clamp, ceiling);
  }
  for (; c0 < Cp; c0 += 8) {
    const cb = <usize>c0 << 2;
    let a0 = zero, a1 = zero;
    if (bias != 0) {
      a0 = v128.load(bias + cb); a1 = v128.load(bias + cb, 16);
    }
    for (let fh = fhMin; fh < fhMax; fh++) {
      let p = image + <usize>((ih0 + fh * dh) * W + iw0 + fwMin * dw) * pixelBytes + cb;
      let w = weights + <usize>(fh * kw + fwMin) * pixelBytes + cb;
      for (let fw = fwMin; fw < fwMax; fw++) {
        a0 = madd(v128.load(p), v128.load(w), a0);
        a1 = madd(v128.load(p, 16), v128.load(w, 16), a1);
        p += tapStep;
        w += pixelBytes;
      }
    }
    storePixel8(dst + cb, a0, a1, min(8, C - c0), scratch, clamp, ceiling);
  }
}

/** First tap index (of `taps`, `dilation` apart from `origin`) inside [0, size). */
// @ts-ignore: decorator
@inline
function firstTapInside(origin: i32, dilation: i32, taps: i32): i32 {
  return origin < 0 ? min(taps, (-origin + dilation - 1) / dilation) : 0;
}

/** One past the last tap index inside [0, size). */
// @ts-ignore: decorator
@inline
function endTapInside(origin: i32, dilation: i32, taps: i32, size: i32): i32 {
  return origin >= size ? 0 : min(taps, (size - 1 - origin) / dilation + 1);
}

/**
 * xs: batch×H×W×Cp input (the tensor itself when Cp = C, else staged with channels repeated and
 * padded to Cp, a multiple of 8); weights: kh·kw·Cp floats (channels past C zero); bias: Cp floats
 * or 0; out: batch×outH×outW×C; scratch: 8 floats per part. Padding is never materialised: taps
 * that fall in it are skipped (rows per output row, columns at the left and right borders), so
 * the input needs no padded copy (which cost as much as the arithmetic at stride 2).
 */
export function depthwiseConv2d(
  xs: usize,
  batch: i32,
  H: i32,
  W: i32,
  Cp: i32,
  weights: usize,
  bias: usize,
  out: usize,
  outH: i32,
  outW: i32,
  C: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  padTop: i32,
  padLeft: i32,
  scratch: usize,
  activation: i32,
  alpha: f32,
  alphaPtr: usize,
  alphaChannels: i32,
  start: i32,
  end: i32,
  part: i32,
): void {
  const pixelBytes = <usize>Cp << 2;
  // Offsets of a 4-pixel tile's pixels 1–3 from pixel 0.
  const d1 = <usize>sw * pixelBytes;
  const d2 = d1 * 2;
  const d3 = d1 * 3;
  const tapStep = <usize>dw * pixelBytes;
  const outPixelBytes = <usize>C << 2;
  const rowStepBytes = <usize>(dh * W) * pixelBytes;
  const zero = f32x4.splat(0);
  // ReLU / ReLU6 are applied as each tile is stored; the other activations in a pass at the end.
  const clamp = activation == RELU ? 1 : activation == RELU6 ? 2 : 0;
  const ceiling = clampCeiling(clamp);
  scratch += <usize>part << 5;
  // Output columns [owLo, owHi) have all kw tap columns inside the input.
  const owLo = min(outW, (padLeft + sw - 1) / sw);
  const lastFull = W - 1 - (kw - 1) * dw + padLeft;
  const owHi = max(owLo, lastFull < 0 ? 0 : min(outW, lastFull / sw + 1));
  // Output rows [start, end) of the batch·outH rows: the unit threads split.
  for (let row = start; row < end; row++) {
    const b = row / outH;
    const ih0 = (row % outH) * sh - padTop;
    const fhMin = firstTapInside(ih0, dh, kh);
    const fhMax = max(fhMin, endTapInside(ih0, dh, kh, H));
    const image = xs + <usize>(b * H * W) * pixelBytes;
    const outRow = out + <usize>(row * outW) * outPixelBytes;
    for (let ow = 0; ow < owLo; ow++) {
      const iw0 = ow * sw - padLeft;
      borderPixel(
        image, W, pixelBytes, ih0, iw0, fhMin, fhMax, firstTapInside(iw0, dw, kw), endTapInside(iw0, dw, kw, W),
        kw, dh, dw, weights, bias, outRow + <usize>ow * outPixelBytes, C, Cp, scratch, clamp, ceiling,
      );
    }
    let ow = owLo;
    // The first in-bounds tap row of column 0 (only dereferenced when fhMax > fhMin).
    const firstRow = image + <usize>((ih0 + fhMin * dh) * W - padLeft) * pixelBytes;
    const firstWeights = weights + <usize>(fhMin * kw) * pixelBytes;
    // Widths 3 (column stride 1 or 2) and 5 (stride 1), unit column dilation: whole runs of 8 (4) pixels take a row kernel.
    if (kw == 3 && dw == 1 && sw == 1) {
      ow = dwconvKx3s1Row(firstRow, pixelBytes, rowStepBytes, fhMax - fhMin, firstWeights, bias, outRow, outPixelBytes, C, scratch, clamp, ow, owHi);
    } else if (kw == 3 && dw == 1 && sw == 2) {
      ow = dwconvKx3s2Row(firstRow, pixelBytes, rowStepBytes, fhMax - fhMin, firstWeights, bias, outRow, outPixelBytes, C, scratch, clamp, ow, owHi);
    } else if (kw == 5 && dw == 1 && sw == 1) {
      ow = dwconvKx5s1Row(firstRow, pixelBytes, rowStepBytes, fhMax - fhMin, firstWeights, bias, outRow, outPixelBytes, C, scratch, clamp, ow, owHi);
    }
    // Pixels outer, channels inner: the windows of 4 output pixels stay in L1 across channel tiles.
    for (; ow + 4 <= owHi; ow += 4) {
      const tileIn = firstRow + <usize>(ow * sw) * pixelBytes;
      for (let c0 = 0; c0 < C; c0 += 8) {
        const cb = <usize>c0 << 2;
        const cols = min(8, C - c0);
        let b0 = zero;
        let b1 = zero;
        if (bias != 0) {
          b0 = v128.load(bias + cb);
          b1 = v128.load(bias + cb, 16);
        }
        let c00 = b0;
        let c01 = b1;
        let c10 = b0;
        let c11 = b1;
        let c20 = b0;
        let c21 = b1;
        let c30 = b0;
        let c31 = b1;
        let w = firstWeights + cb;
        let rowIn = tileIn + cb;
        for (let fh = fhMin; fh < fhMax; fh++) {
          let p = rowIn;
          for (let fw = 0; fw < kw; fw++) {
            const w0 = v128.load(w);
            const w1 = v128.load(w, 16);
            c00 = madd(v128.load(p), w0, c00);
            c01 = madd(v128.load(p, 16), w1, c01);
            c10 = madd(v128.load(p + d1), w0, c10);
            c11 = madd(v128.load(p + d1, 16), w1, c11);
            c20 = madd(v128.load(p + d2), w0, c20);
            c21 = madd(v128.load(p + d2, 16), w1, c21);
            c30 = madd(v128.load(p + d3), w0, c30);
            c31 = madd(v128.load(p + d3, 16), w1, c31);
            p += tapStep;
            w += pixelBytes;
          }
          rowIn += rowStepBytes;
        }
        const dst = outRow + <usize>ow * outPixelBytes + cb;
        storePixel8(dst, c00, c01, cols, scratch, clamp, ceiling);
        storePixel8(dst + outPixelBytes, c10, c11, cols, scratch, clamp, ceiling);
        storePixel8(dst + 2 * outPixelBytes, c20, c21, cols, scratch, clamp, ceiling);
        storePixel8(dst + 3 * outPixelBytes, c30, c31, cols, scratch, clamp, ceiling);
      }
    }
    // Fewer than 4 interior pixels left, then the right border: one pixel at a time (a partial
    // tile computed 4 pixels' work for 1 to 3: small maps such as 7×7 had one in every row).
    for (; ow < outW; ow++) {
      const iw0 = ow * sw - padLeft;
      borderPixel(
        image, W, pixelBytes, ih0, iw0, fhMin, fhMax, firstTapInside(iw0, dw, kw), endTapInside(iw0, dw, kw, W),
        kw, dh, dw, weights, bias, outRow + <usize>ow * outPixelBytes, C, Cp, scratch, clamp, ceiling,
      );
    }
  }
  if (clamp == 0 && end > start) {
    const first = out + <usize>(start * outW) * outPixelBytes;
    applyActivation(first, (end - start) * outW * C, activation, alpha, alphaPtr, alphaChannels);
  }
}
