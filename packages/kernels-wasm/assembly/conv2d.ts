// Conv2D (NHWC, HWIO filter) as a GEMM over an input in which every window lies: conv2dOffsets
// describes the im2col rows (pixelOffsets and tapOffsets are its halves, for grouped conv), gemmRows
// (gemm.ts) computes output pixels with the fused bias/activation epilogue. Output
// (batch·outH·outW)×Cout; the HWIO filter is already K×Cout. Conv2D's zero-padded input is staged
// on the JS side (src/conv2d.ts's stageInput: one pass from the JS array into the arena).

/**
 * Stage an NHWC input for the convolution kernels: dst[b, i·sy + top, j·sx + left, c·mult + m] =
 * x[b, i, j, c], zeros elsewhere (padding, the holes of a strided transpose, channels past
 * C·mult up to Cp). Pixels that land outside dst (negative padding) are cropped.
 *
 * The stager for an input already in linear memory, or one that needs more than spatial zero
 * padding: depthwise's repeated and tile-padded channels, the transposed convolutions' holes, the
 * filter gradients' padded x. An input that needs only spatial padding is staged from JS by
 * src/conv2d.ts's stageInput instead, which saves copying it into the arena first.
 */
export function padInput(
  x: usize,
  batch: i32,
  H: i32,
  W: i32,
  C: i32,
  mult: i32,
  dst: usize,
  Hp: i32,
  Wp: i32,
  Cp: i32,
  top: i32,
  left: i32,
  sy: i32,
  sx: i32,
): void {
  memory.fill(dst, 0, (<usize>batch * <usize>Hp * <usize>Wp * <usize>Cp) << 2);
  // Input columns j whose destination column j·sx + left lies in [0, Wp).
  let jStart = 0;
  while (jStart < W && jStart * sx + left < 0) jStart++;
  let jEnd = W;
  while (jEnd > jStart && (jEnd - 1) * sx + left >= Wp) jEnd--;
  if (jEnd <= jStart) return;
  const contiguous = mult == 1 && Cp == C && sx == 1;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < H; i++) {
      const y = i * sy + top;
      if (y < 0 || y >= Hp) continue;
      const srcRow = x + ((<usize>(b * H + i) * <usize>W * <usize>C) << 2);
      const dstRow = dst + ((<usize>(b * Hp + y) * <usize>Wp * <usize>Cp) << 2);
      if (contiguous) {
        memory.copy(
          dstRow + ((<usize>(jStart + left) * <usize>C) << 2),
          srcRow + ((<usize>jStart * <usize>C) << 2),
          (<usize>(jEnd - jStart) * <usize>C) << 2,
        );
        continue;
      }
      for (let j = jStart; j < jEnd; j++) {
        const src = srcRow + ((<usize>j * <usize>C) << 2);
        const to = dstRow + ((<usize>(j * sx + left) * <usize>Cp) << 2);
        if (mult == 1) {
          memory.copy(to, src, <usize>C << 2);
        } else {
          for (let c = 0; c < C; c++) {
            const v = load<f32>(src + (<usize>c << 2));
            for (let m = 0; m < mult; m++) store<f32>(to + (<usize>(c * mult + m) << 2), v);
          }
        }
      }
    }
  }
}

/**
 * Gemm row and run offsets of a convolution over xs (batch×Hs×Ws×C, already padded so that every
 * window lies inside it: output pixel (oh, ow) reads rows from oh·sh, columns from ow·sw).
 * rowOff: batch·outH·outW i32; runOff: kh·kw i32. Returns the number of runs per row (each of
 * kh·kw·C / runs floats): gemmRows then computes any range of output pixels.
 */
export function conv2dOffsets(
  batch: i32,
  Hs: i32,
  Ws: i32,
  C: i32,
  outH: i32,
  outW: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  rowOff: usize,
  runOff: usize,
): i32 {
  pixelOffsets(batch, Hs, Ws, C, outH, outW, sh, sw, rowOff);
  // With unit column dilation the kw taps of a filter row are adjacent pixels: one run of kw·C.
  if (dw == 1 || kw == 1) {
    for (let fh = 0; fh < kh; fh++) store<i32>(runOff + (<usize>fh << 2), fh * dh * Ws * C * 4);
    return kh;
  }
  tapOffsets(kh, kw, dh, dw, Ws, C, runOff);
  return kh * kw;
}

/**
 * Byte offset in xs (batch×Hs×Ws×C) of each output pixel's window corner, pixel (b, oh, ow) at
 * rowOff[(b·outH + oh)·outW + ow].
 */
export function pixelOffsets(batch: i32, Hs: i32, Ws: i32, C: i32, outH: i32, outW: i32, sh: i32, sw: i32, rowOff: usize): void {
  let m = 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        store<i32>(rowOff + (<usize>m << 2), ((b * Hs + oh * sh) * Ws + ow * sw) * C * 4);
        m++;
      }
    }
  }
}

/** Byte offset of each filter tap (fh, fw) from its window's corner in a Ws×C-row input, at tapOff[fh·kw + fw]. */
export function tapOffsets(kh: i32, kw: i32, dh: i32, dw: i32, Ws: i32, C: i32, tapOff: usize): void {
  for (let fh = 0; fh < kh; fh++) {
    for (let fw = 0; fw < kw; fw++) {
      store<i32>(tapOff + (<usize>(fh * kw + fw) << 2), (fh * dh * Ws + fw * dw) * C * 4);
    }
  }
}
