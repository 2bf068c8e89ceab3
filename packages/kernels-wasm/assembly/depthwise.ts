// DepthwiseConv2dNative (NHWC) with the fused bias/activation epilogue, directly (no GEMM: each
// output channel sees one input channel). The input is staged by padInput with each channel
// repeated `channelMultiplier` times, so output channel o reads staged channel o and the
// [kh, kw, C, mult] filter is already [kh, kw, C·mult].
import { applyActivation } from './activation';
import { madd } from './simd';

// @ts-ignore: decorator
@inline
function storeTile(dst: usize, lo: v128, hi: v128, cols: i32, scratch: usize): void {
  if (cols == 8) {
    v128.store(dst, lo);
    v128.store(dst, hi, 16);
  } else {
    v128.store(scratch, lo);
    v128.store(scratch, hi, 16);
    memory.copy(dst, scratch, <usize>cols << 2);
  }
}

/**
 * xs: batch×Hs×Ws×Cp staged input (Cp = C rounded up to 8, windows inside it); weights:
 * kh·kw·Cp floats (channels past C zero); bias: Cp floats or 0; out: batch×outH×outW×C;
 * scratch: 8 floats.
 */
export function depthwiseConv2d(
  xs: usize,
  batch: i32,
  Hs: i32,
  Ws: i32,
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
  scratch: usize,
  activation: i32,
  alpha: f32,
  alphaPtr: usize,
  alphaChannels: i32,
): void {
  const pixelBytes = <usize>Cp << 2;
  const stepBytes = <usize>sw * pixelBytes;
  const outPixelBytes = <usize>C << 2;
  const zero = f32x4.splat(0);
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const outRow = out + <usize>((b * outH + oh) * outW) * outPixelBytes;
      for (let c0 = 0; c0 < C; c0 += 8) {
        const cols = min(8, C - c0);
        let b0 = zero;
        let b1 = zero;
        if (bias != 0) {
          b0 = v128.load(bias + (<usize>c0 << 2));
          b1 = v128.load(bias + (<usize>c0 << 2), 16);
        }
        for (let ow = 0; ow < outW; ow += 4) {
          const pixels = min(4, outW - ow);
          // Missing pixels of a partial tile repeat pixel 0: valid addresses, results discarded.
          const d1 = pixels > 1 ? stepBytes : 0;
          const d2 = pixels > 2 ? stepBytes * 2 : 0;
          const d3 = pixels > 3 ? stepBytes * 3 : 0;
          let c00 = b0;
          let c01 = b1;
          let c10 = b0;
          let c11 = b1;
          let c20 = b0;
          let c21 = b1;
          let c30 = b0;
          let c31 = b1;
          let w = weights + (<usize>c0 << 2);
          for (let fh = 0; fh < kh; fh++) {
            let p = xs + (<usize>((b * Hs + oh * sh + fh * dh) * Ws + ow * sw) * pixelBytes) + (<usize>c0 << 2);
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
              p += <usize>dw * pixelBytes;
              w += pixelBytes;
            }
          }
          const dst = outRow + <usize>ow * outPixelBytes + (<usize>c0 << 2);
          storeTile(dst, c00, c01, cols, scratch);
          if (pixels > 1) storeTile(dst + outPixelBytes, c10, c11, cols, scratch);
          if (pixels > 2) storeTile(dst + 2 * outPixelBytes, c20, c21, cols, scratch);
          if (pixels > 3) storeTile(dst + 3 * outPixelBytes, c30, c31, cols, scratch);
        }
      }
    }
  }
  applyActivation(out, batch * outH * outW * C, activation, alpha, alphaPtr, alphaChannels);
}
