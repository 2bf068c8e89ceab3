// ResizeBilinearGrad (NHWC), tfjs's cpu algorithm (TensorFlow's resize_bilinear_op.cc): each dy
// pixel scatters into the four source pixels it was interpolated from; SIMD across channels.

/** dy: batch×outH×outW×C; dx: batch×H×W×C (overwritten). */
export function resizeBilinearGrad(
  dy: usize, dx: usize, batch: i32, H: i32, W: i32, C: i32, outH: i32, outW: i32, alignCorners: i32,
): void {
  memory.fill(dx, 0, (<usize>batch * <usize>H * <usize>W * <usize>C) << 2);
  // Scales in f64, as the cpu computes them in JS numbers.
  const heightScale: f64 = alignCorners && outH > 1 ? <f64>(H - 1) / <f64>(outH - 1) : <f64>H / <f64>outH;
  const widthScale: f64 = alignCorners && outW > 1 ? <f64>(W - 1) / <f64>(outW - 1) : <f64>W / <f64>outW;
  const pixelBytes = <usize>C << 2;
  const rowBytes = <usize>W * pixelBytes;
  const c4 = C & ~3;
  let g = dy;
  for (let b = 0; b < batch; b++) {
    const image = dx + <usize>b * <usize>H * rowBytes;
    for (let r = 0; r < outH; r++) {
      const yr: f64 = <f64>r * heightScale;
      const top = <i32>Math.floor(yr);
      const bottom = min(<i32>Math.ceil(yr), H - 1);
      const yLerp = yr - <f64>top;
      const topRow = image + <usize>top * rowBytes;
      const bottomRow = image + <usize>bottom * rowBytes;
      for (let c = 0; c < outW; c++) {
        const xc: f64 = <f64>c * widthScale;
        const left = <i32>Math.floor(xc);
        const right = min(<i32>Math.ceil(xc), W - 1);
        const xLerp = xc - <f64>left;
        const wTL = <f32>((1 - yLerp) * (1 - xLerp));
        const wTR = <f32>((1 - yLerp) * xLerp);
        const wBL = <f32>(yLerp * (1 - xLerp));
        const wBR = <f32>(yLerp * xLerp);
        const tl = topRow + <usize>left * pixelBytes;
        const tr = topRow + <usize>right * pixelBytes;
        const bl = bottomRow + <usize>left * pixelBytes;
        const br = bottomRow + <usize>right * pixelBytes;
        const vTL = f32x4.splat(wTL), vTR = f32x4.splat(wTR), vBL = f32x4.splat(wBL), vBR = f32x4.splat(wBR);
        let d = 0;
        // The four targets may coincide (edges, exact source pixels): read-modify-write in order.
        for (; d < c4; d += 4) {
          const o = <usize>d << 2;
          const v = v128.load(g + o);
          v128.store(tl + o, f32x4.add(v128.load(tl + o), f32x4.mul(v, vTL)));
          v128.store(tr + o, f32x4.add(v128.load(tr + o), f32x4.mul(v, vTR)));
          v128.store(bl + o, f32x4.add(v128.load(bl + o), f32x4.mul(v, vBL)));
          v128.store(br + o, f32x4.add(v128.load(br + o), f32x4.mul(v, vBR)));
        }
        for (; d < C; d++) {
          const o = <usize>d << 2;
          const v = load<f32>(g + o);
          store<f32>(tl + o, load<f32>(tl + o) + v * wTL);
          store<f32>(tr + o, load<f32>(tr + o) + v * wTR);
          store<f32>(bl + o, load<f32>(bl + o) + v * wBL);
          store<f32>(br + o, load<f32>(br + o) + v * wBR);
        }
        g += pixelBytes;
      }
    }
  }
}
