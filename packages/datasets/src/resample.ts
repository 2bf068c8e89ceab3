// Bilinear resampling on plain typed arrays. The scene renderer resizes a few dozen small sources per
// scene; a tfjs op per object would cost more in dispatch than the arithmetic, so it is done here.

/** The two source indices and the weight of the second for each output index along one axis. */
export interface AxisTaps {
  lo: Int32Array;
  hi: Int32Array;
  weight: Float32Array;
}

/**
 * Taps for output pixels `first .. first + count − 1` of a destination span that starts at
 * `dstStart` and is `dstLength` pixels long (both may be fractional), sampling the source span
 * `srcStart .. srcStart + srcLength` of an axis `srcLimit` pixels long. Pixel centres sit at
 * i + 0.5 on both sides (tf.image.resizeBilinear with halfPixelCenters); samples beyond the source's
 * edge repeat the edge pixel. `mirror` flips the source span end to end.
 */
export function bilinearTaps(
  first: number,
  count: number,
  dstStart: number,
  dstLength: number,
  srcStart: number,
  srcLength: number,
  srcLimit: number,
  mirror = false,
): AxisTaps {
  const lo = new Int32Array(count);
  const hi = new Int32Array(count);
  const weight = new Float32Array(count);
  const scale = srcLength / dstLength;
  const last = srcLimit - 1;
  for (let i = 0; i < count; i++) {
    const centre = first + i + 0.5;
    const s = srcStart + (mirror ? dstStart + dstLength - centre : centre - dstStart) * scale - 0.5;
    const floor = Math.floor(s);
    lo[i] = Math.min(last, Math.max(0, floor));
    hi[i] = Math.min(last, Math.max(0, floor + 1));
    weight[i] = s - floor;
  }
  return { lo, hi, weight };
}

export interface ResizeWindow {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Resize a row-major [height, width, channels] image (or the `window` of it) to
 * [outHeight, outWidth, channels] by bilinear interpolation with half-pixel centres, as
 * `tf.image.resizeBilinear(image, size, false, true)` does.
 */
export function resizeBilinear(
  src: ArrayLike<number>,
  [height, width, channels]: readonly [number, number, number],
  [outHeight, outWidth]: readonly [number, number],
  window: ResizeWindow = { x: 0, y: 0, width, height },
): Float32Array {
  for (const [name, value] of Object.entries({ height, width, channels, outHeight, outWidth })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`resizeBilinear: ${name} must be a positive integer, got ${value}`);
  }
  if (src.length !== height * width * channels) {
    throw new Error(`resizeBilinear: the source has ${src.length} values, expected ${height} × ${width} × ${channels}`);
  }
  if (!(window.width > 0 && window.height > 0)) throw new Error(`resizeBilinear: window must have a positive size, got ${JSON.stringify(window)}`);
  const out = new Float32Array(outHeight * outWidth * channels);
  const xs = bilinearTaps(0, outWidth, 0, outWidth, window.x, window.width, width);
  const ys = bilinearTaps(0, outHeight, 0, outHeight, window.y, window.height, height);
  for (let oy = 0, o = 0; oy < outHeight; oy++) {
    const top = ys.lo[oy]! * width;
    const bottom = ys.hi[oy]! * width;
    const wy = ys.weight[oy]!;
    for (let ox = 0; ox < outWidth; ox++) {
      const left = xs.lo[ox]!;
      const right = xs.hi[ox]!;
      const wx = xs.weight[ox]!;
      for (let c = 0; c < channels; c++, o++) {
        const tl = src[(top + left) * channels + c]!;
        const tr = src[(top + right) * channels + c]!;
        const bl = src[(bottom + left) * channels + c]!;
        const br = src[(bottom + right) * channels + c]!;
        const upper = tl + (tr - tl) * wx;
        const lower = bl + (br - bl) * wx;
        out[o] = upper + (lower - upper) * wy;
      }
    }
  }
  return out;
}
