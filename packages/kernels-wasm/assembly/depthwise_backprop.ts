// The two gradients of DepthwiseConv2dNative (NHWC, filter [kh, kw, C, mult]).
// Input: a stride-1 depthwise convolution of dy with holes (the forward stride) and the filter
// flipped in space, reusing depthwise.ts; with mult > 1 each input channel then sums its mult
// output channels. Filter: per filter tap, a channelwise dot product of the staged input (channels
// repeated mult times, as the forward pass stages them) with dy over every output pixel.
import { padInput } from './conv2d';
import { depthwiseConv2d } from './depthwise';
import { REDUCE_SUM, reduce } from './reduce';
import { madd } from './simd';

/**
 * dy: batch×outH×outW×(C·mult); flipped: kh·kw×Cp floats, the filter flipped in space with
 * channels padded to Cp (a multiple of 8 ≥ C·mult); dx: batch×H×W×C. Scratch: staged
 * batch×(H+effKh−1)×(W+effKw−1)×Cp; summed batch·H·W·C·mult (only when mult > 1); scratch 8.
 */
export function depthwiseConv2dBackpropInput(
  dy: usize, batch: i32, outH: i32, outW: i32, C: i32, mult: i32, flipped: usize, Cp: i32,
  dx: usize, H: i32, W: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  padTop: i32, padLeft: i32, staged: usize, summed: usize, scratch: usize,
): void {
  const effKh = (kh - 1) * dh + 1;
  const effKw = (kw - 1) * dw + 1;
  const Hs = H + effKh - 1;
  const Ws = W + effKw - 1;
  const CM = C * mult;
  padInput(dy, batch, outH, outW, CM, 1, staged, Hs, Ws, Cp, effKh - 1 - padTop, effKw - 1 - padLeft, sh, sw);
  const out = mult == 1 ? dx : summed;
  // Staged with its padding, so the forward kernel's own padding is zero.
  depthwiseConv2d(staged, batch, Hs, Ws, Cp, flipped, 0, out, H, W, CM, kh, kw, 1, 1, dh, dw, 0, 0, scratch, 0, 0, 0, 1, 0, batch * H, 0);
  if (mult > 1) reduce(summed, dx, REDUCE_SUM, batch * H * W * C, mult, 1);
}

/**
 * x: batch×H×W×C; dy: batch×outH×outW×(C·mult); dF: kh×kw×C×mult (overwritten).
 * staged: batch×Hs×Ws×(C·mult) floats, Hs = (outH−1)·sh + effKh (Ws likewise).
 */
export function depthwiseConv2dBackpropFilter(
  x: usize, batch: i32, H: i32, W: i32, C: i32, mult: i32, dy: usize, outH: i32, outW: i32,
  dF: usize, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, padTop: i32, padLeft: i32,
  staged: usize,
): void {
  const CM = C * mult;
  const Hs = (outH - 1) * sh + (kh - 1) * dh + 1;
  const Ws = (outW - 1) * sw + (kw - 1) * dw + 1;
  padInput(x, batch, H, W, C, mult, staged, Hs, Ws, CM, padTop, padLeft, 1, 1);
  memory.fill(dF, 0, (<usize>kh * <usize>kw * <usize>CM) << 2);
  const pixelBytes = <usize>CM << 2;
  const stepBytes = <usize>sw * pixelBytes;
  const c16 = CM & ~15;
  const c4 = CM & ~3;
  // One output row at a time: its staged rows and dy row stay in cache across taps and channels.
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const g = dy + <usize>((b * outH + oh) * outW) * pixelBytes;
      for (let fh = 0; fh < kh; fh++) {
        for (let fw = 0; fw < kw; fw++) {
          const src = staged + <usize>((b * Hs + oh * sh + fh * dh) * Ws + fw * dw) * pixelBytes;
          const acc = dF + <usize>(fh * kw + fw) * pixelBytes;
          let c = 0;
          for (; c < c16; c += 16) {
            const cb = <usize>c << 2;
            let a0 = v128.load(acc + cb), a1 = v128.load(acc + cb, 16);
            let a2 = v128.load(acc + cb, 32), a3 = v128.load(acc + cb, 48);
            let p = src + cb;
            let q = g + cb;
            for (let ow = 0; ow < outW; ow++) {
              a0 = madd(v128.load(p), v128.load(q), a0);
              a1 = madd(v128.load(p, 16), v128.load(q, 16), a1);
              a2 = madd(v128.load(p, 32), v128.load(q, 32), a2);
              a3 = madd(v128.load(p, 48), v128.load(q, 48), a3);
              p += stepBytes;
              q += pixelBytes;
            }
            v128.store(acc + cb, a0); v128.store(acc + cb, a1, 16);
            v128.store(acc + cb, a2, 32); v128.store(acc + cb, a3, 48);
          }
          for (; c < c4; c += 4) {
            const cb = <usize>c << 2;
            let a = v128.load(acc + cb);
            let p = src + cb;
            let q = g + cb;
            for (let ow = 0; ow < outW; ow++) {
              a = madd(v128.load(p), v128.load(q), a);
              p += stepBytes;
              q += pixelBytes;
            }
            v128.store(acc + cb, a);
          }
          for (; c < CM; c++) {
            const cb = <usize>c << 2;
            let a = load<f32>(acc + cb);
            let p = src + cb;
            let q = g + cb;
            for (let ow = 0; ow < outW; ow++) {
              a += load<f32>(p) * load<f32>(q);
              p += stepBytes;
              q += pixelBytes;
            }
            store<f32>(acc + cb, a);
          }
        }
      }
    }
  }
}
