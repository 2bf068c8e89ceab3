// The filter gradient of DepthwiseConv2dNative (NHWC, filter [kh, kw, C, mult]): per filter tap, a
// channelwise dot product of the staged input (channels repeated mult times, as the forward pass
// stages them) with dy over every output pixel. The input gradient needs no kernel of its own: it
// is the forward depthwise kernel over dy with holes and the flipped filter (src/depthwise_backprop.ts).
import { madd } from './simd';

/**
 * Output rows [start, end) of batch·outH, this part's sums into its own kh×kw×CM block at
 * dF + part·kh·kw·CM floats (zeroed first; the caller adds the parts' blocks). staged: the input
 * with its padding and channels repeated mult times, batch×Hs×Ws×CM (padInput); dy:
 * batch×outH×outW×CM.
 */
export function depthwiseConv2dBackpropFilterRows(
  staged: usize, Hs: i32, Ws: i32, CM: i32, dy: usize, outH: i32, outW: i32,
  dF: usize, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  start: i32, end: i32, part: i32,
): void {
  const blockBytes = (<usize>kh * <usize>kw * <usize>CM) << 2;
  const block = dF + <usize>part * blockBytes;
  memory.fill(block, 0, blockBytes);
  const pixelBytes = <usize>CM << 2;
  const stepBytes = <usize>sw * pixelBytes;
  const c16 = CM & ~15;
  const c4 = CM & ~3;
  // One output row at a time: its staged rows and dy row stay in cache across taps and channels.
  for (let row = start; row < end; row++) {
    const b = row / outH;
    const oh = row % outH;
    const g = dy + <usize>(row * outW) * pixelBytes;
    for (let fh = 0; fh < kh; fh++) {
      for (let fw = 0; fw < kw; fw++) {
        const src = staged + <usize>((b * Hs + oh * sh + fh * dh) * Ws + fw * dw) * pixelBytes;
        const acc = block + <usize>(fh * kw + fw) * pixelBytes;
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
