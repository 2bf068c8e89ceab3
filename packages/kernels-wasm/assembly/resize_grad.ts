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

/**
 * ResizeNearestNeighbor's gradient as tfjs's cpu computes it: each dx element sums (in f64, in
 * the cpu's order) the dy elements of a window around its scaled position whose nearest source
 * pixel it was. Scales and window sizes come from the caller (computed as the cpu does in JS).
 * Rows [start, end) of batch·H; `scratch` holds C f64 sums per participant.
 */
export function resizeNearestNeighborGradRows(
  dy: usize, dx: usize, H: i32, W: i32, C: i32, outH: i32, outW: i32, heightScale: f64, widthScale: f64,
  invHeightScale: f64, invWidthScale: f64, winHeight: i32, winWidth: i32, alignCorners: i32, scratch: usize,
  start: i32, end: i32, part: i32,
): void {
  const sums = scratch + ((<usize>part * <usize>C) << 3);
  for (let row = start; row < end; row++) {
    const r = row % H;
    const b = row / H;
    const startDyR = <i32>Math.floor(Math.floor(<f64>r * invHeightScale) - <f64>winHeight / 2);
    for (let c = 0; c < W; c++) {
      const startDyC = <i32>Math.floor(Math.floor(<f64>c * invWidthScale) - <f64>winWidth / 2);
      memory.fill(sums, 0, <usize>C << 3);
      for (let i = 0; i < winHeight; i++) {
        const yR = i + startDyR;
        if (yR < 0 || yR >= outH) continue;
        const fracRow = <f64>yR * heightScale;
        const nearestRow = Math.min(<f64>(H - 1), alignCorners != 0 ? Math.round(fracRow) : Math.floor(fracRow));
        if (<f64>r != nearestRow) continue;
        for (let j = 0; j < winWidth; j++) {
          const yC = j + startDyC;
          if (yC < 0 || yC >= outW) continue;
          const fracCol = <f64>yC * widthScale;
          const nearestCol = Math.min(<f64>(W - 1), alignCorners != 0 ? Math.round(fracCol) : Math.floor(fracCol));
          if (<f64>c != nearestCol) continue;
          const src = dy + ((((<usize>b * <usize>outH + <usize>yR) * <usize>outW + <usize>yC) * <usize>C) << 2);
          for (let d = 0; d < C; d++) {
            const at = sums + (<usize>d << 3);
            store<f64>(at, load<f64>(at) + <f64>load<f32>(src + (<usize>d << 2)));
          }
        }
      }
      const dst = dx + ((((<usize>row * <usize>W) + <usize>c) * <usize>C) << 2);
      for (let d = 0; d < C; d++) store<f32>(dst + (<usize>d << 2), <f32>load<f64>(sums + (<usize>d << 3)));
    }
  }
}
