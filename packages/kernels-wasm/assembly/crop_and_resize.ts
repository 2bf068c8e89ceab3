// CropAndResize (NHWC float32): each box [y1, x1, y2, x2] (normalised) of image boxIndex[b] sampled
// on a cropHeight × cropWidth grid, bilinear or nearest, extrapolationValue outside the image.
// Sample positions are computed in double precision exactly as tfjs's cpu kernel (and TensorFlow)
// computes them, so both pick the same pixels; the blend runs four channels at a time in float32.
// Boxes whose image index is outside [0, batch) stay 0, as the cpu kernel leaves them. Threads
// split the output rows (box, crop row).
import { copyBytes } from './simd';

// @ts-ignore: decorator
@inline
function lerp(a: v128, b: v128, t: v128): v128 {
  return f32x4.add(a, f32x4.mul(f32x4.sub(b, a), t));
}

/** Fill `count` floats at dst with v. */
// @ts-ignore: decorator
@inline
function fillRow(dst: usize, count: i32, v: f32): void {
  const splat = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(dst + (<usize>i << 2), splat);
  for (; i < count; i++) store<f32>(dst + (<usize>i << 2), v);
}

export function cropAndResize(
  image: usize, boxes: usize, boxIndex: usize, out: usize, batch: i32, height: i32, width: i32, channels: i32,
  cropHeight: i32, cropWidth: i32, nearest: i32, extrapolationValue: f32, start: i32, end: i32, part: i32,
): void {
  const pixelBytes = <usize>channels << 2;
  const rowBytes = <usize>width * pixelBytes;
  const outRowBytes = <usize>cropWidth * pixelBytes;
  const hMax = <f64>(height - 1);
  const wMax = <f64>(width - 1);
  for (let r = start; r < end; r++) {
    const b = r / cropHeight;
    const y = r % cropHeight;
    const dst = out + <usize>r * outRowBytes;
    const bi = load<i32>(boxIndex + (<usize>b << 2));
    if (bi < 0 || bi >= batch) {
      fillRow(dst, cropWidth * channels, 0);
      continue;
    }
    const y1 = <f64>load<f32>(boxes + (<usize>b << 4));
    const x1 = <f64>load<f32>(boxes + (<usize>b << 4), 4);
    const y2 = <f64>load<f32>(boxes + (<usize>b << 4), 8);
    const x2 = <f64>load<f32>(boxes + (<usize>b << 4), 12);
    const heightScale = cropHeight > 1 ? ((y2 - y1) * hMax) / <f64>(cropHeight - 1) : 0;
    const widthScale = cropWidth > 1 ? ((x2 - x1) * wMax) / <f64>(cropWidth - 1) : 0;
    const yIn = cropHeight > 1 ? y1 * hMax + <f64>y * heightScale : 0.5 * (y1 + y2) * hMax;
    if (isNaN(yIn)) {
      fillRow(dst, cropWidth * channels, NaN);
      continue;
    }
    if (yIn < 0 || yIn > hMax) {
      fillRow(dst, cropWidth * channels, extrapolationValue);
      continue;
    }
    const img = image + <usize>bi * <usize>height * rowBytes;
    const top = <i32>floor(yIn);
    const bottom = <i32>ceil(yIn);
    const yLerp = f32x4.splat(<f32>(yIn - <f64>top));
    const nearestY = <i32>floor(yIn + 0.5);
    for (let x = 0; x < cropWidth; x++) {
      const xIn = cropWidth > 1 ? x1 * wMax + <f64>x * widthScale : 0.5 * (x1 + x2) * wMax;
      const to = dst + <usize>x * pixelBytes;
      if (isNaN(xIn)) {
        fillRow(to, channels, NaN);
        continue;
      }
      if (xIn < 0 || xIn > wMax) {
        fillRow(to, channels, extrapolationValue);
        continue;
      }
      if (nearest != 0) {
        copyBytes(to, img + <usize>nearestY * rowBytes + <usize>(<i32>floor(xIn + 0.5)) * pixelBytes, pixelBytes);
        continue;
      }
      const left = <i32>floor(xIn);
      const right = <i32>ceil(xIn);
      const xLerpS = <f32>(xIn - <f64>left);
      const xLerp = f32x4.splat(xLerpS);
      const tl = img + <usize>top * rowBytes + <usize>left * pixelBytes;
      const tr = img + <usize>top * rowBytes + <usize>right * pixelBytes;
      const bl = img + <usize>bottom * rowBytes + <usize>left * pixelBytes;
      const br = img + <usize>bottom * rowBytes + <usize>right * pixelBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const o = <usize>c << 2;
        const t = lerp(v128.load(tl + o), v128.load(tr + o), xLerp);
        const bo = lerp(v128.load(bl + o), v128.load(br + o), xLerp);
        v128.store(to + o, lerp(t, bo, yLerp));
      }
      const yLerpS = <f32>(yIn - <f64>top);
      for (; c < channels; c++) {
        const o = <usize>c << 2;
        const t = load<f32>(tl + o) + (load<f32>(tr + o) - load<f32>(tl + o)) * xLerpS;
        const bo = load<f32>(bl + o) + (load<f32>(br + o) - load<f32>(bl + o)) * xLerpS;
        store<f32>(to + o, t + (bo - t) * yLerpS);
      }
    }
  }
}
