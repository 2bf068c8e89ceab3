// Image warps of tfjs's augmentation ops, as its cpu kernels compute them in JS numbers (f64):
// RotateWithOffset (nearest pixel of the rotated grid, a fill outside) and Transform (a projective
// map per image, nearest or bilinear, with the constant / reflect / wrap / nearest fill modes).
// float32 or int32 images (4-byte elements); rows of batch·outHeight split across threads.
import { DTYPE_F32, DTYPE_I32, toInt32 } from './binary';

/**
 * Rows [start, end) of batch·H: out[b, y, x, c] = image[b, round(y'), round(x'), c] where (x', y')
 * is (x, y) rotated about (centerX, centerY), else fill[c] (C raw 4-byte values).
 */
export function rotateWithOffsetRows(
  image: usize, out: usize, H: i32, W: i32, C: i32, centerX: f64, centerY: f64, sin: f64, cos: f64, fill: usize,
  start: i32, end: i32, part: i32,
): void {
  const pixelBytes = <usize>C << 2;
  const c2 = f64x2.splat(cos), s2 = f64x2.splat(sin), cx2 = f64x2.splat(centerX), cy2 = f64x2.splat(centerY);
  const w2 = f64x2.splat(<f64>W), h2 = f64x2.splat(<f64>H), zero = f64x2.splat(0);
  for (let row = start; row < end; row++) {
    const y = row % H;
    const b = row / H;
    const image0 = image + <usize>b * <usize>H * <usize>W * pixelBytes;
    // Two pixels a step in f64x2, each lane the cpu's f64 operations in its order.
    const dy = f64x2.splat(<f64>y - centerY);
    const dySin = f64x2.mul(dy, s2), dyCos = f64x2.mul(dy, c2);
    for (let x = 0; x < W; x += 2) {
      const dx = f64x2.sub(f64x2(<f64>x, <f64>(x + 1)), cx2);
      const fx = f64x2.add(f64x2.sub(f64x2.mul(dx, c2), dySin), cx2);
      const fy = f64x2.add(f64x2.add(f64x2.mul(dx, s2), dyCos), cy2);
      // Math.round: the ceiling, or one less when it is more than half above.
      const ux = f64x2.ceil(fx), uy = f64x2.ceil(fy);
      const half = f64x2.splat(0.5), one = f64x2.splat(1);
      const sx = v128.bitselect(ux, f64x2.sub(ux, one), f64x2.le(f64x2.sub(ux, half), fx));
      const sy = v128.bitselect(uy, f64x2.sub(uy, one), f64x2.le(f64x2.sub(uy, half), fy));
      const inside = v128.and(v128.and(f64x2.ge(sx, zero), f64x2.lt(sx, w2)), v128.and(f64x2.ge(sy, zero), f64x2.lt(sy, h2)));
      for (let lane = 0; lane < 2 && x + lane < W; lane++) {
        const ok = lane == 0 ? i64x2.extract_lane(inside, 0) != 0 : i64x2.extract_lane(inside, 1) != 0;
        const px = lane == 0 ? f64x2.extract_lane(sx, 0) : f64x2.extract_lane(sx, 1);
        const py = lane == 0 ? f64x2.extract_lane(sy, 0) : f64x2.extract_lane(sy, 1);
        const src = ok ? image0 + (<usize><i32>py * <usize>W + <usize><i32>px) * pixelBytes : fill;
        const dst = out + (<usize>row * <usize>W + <usize>(x + lane)) * pixelBytes;
        // A pixel is a few channels: word copies beat memory.copy's call.
        for (let c: usize = 0; c < pixelBytes; c += 4) store<u32>(dst + c, load<u32>(src + c));
      }
    }
  }
}

export const FILL_CONSTANT: i32 = 0;
export const FILL_REFLECT: i32 = 1;
export const FILL_WRAP: i32 = 2;
export const FILL_NEAREST: i32 = 3;

// @ts-ignore: decorator
@inline
function clamp(v: f64, hi: f64): f64 {
  return Math.max(0, Math.min(v, hi));
}

/** tfjs's mapCoord: an input coordinate for `coord` under the fill mode. */
function mapCoord(coord: f64, len: i32, mode: i32): f64 {
  const n = <f64>len;
  let c = coord;
  if (mode == FILL_REFLECT) {
    if (c < 0) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * n;
        if (c < sz2) c = sz2 * Math.trunc(-c / sz2) + c;
        c = c < -n ? c + sz2 : -c - 1;
      }
    } else if (c > n - 1) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * n;
        c -= sz2 * Math.trunc(c / sz2);
        if (c >= n) c = sz2 - c - 1;
      }
    }
    return clamp(c, n - 1);
  }
  if (mode == FILL_WRAP) {
    if (c < 0) {
      if (len <= 1) c = 0;
      else c += n * (Math.trunc(-c / (n - 1)) + 1);
    } else if (c > n - 1) {
      if (len <= 1) c = 0;
      else c -= n * Math.trunc(c / (n - 1));
    }
    return clamp(c, n - 1);
  }
  if (mode == FILL_NEAREST) return clamp(c, n - 1);
  return c;
}

// @ts-ignore: decorator
@inline
function storeValue(at: usize, dtype: i32, v: f64): void {
  if (dtype == DTYPE_F32) store<f32>(at, <f32>v);
  else store<i32>(at, toInt32(v));
}

/** The element at (y, x), channel 0, of image b, or 0 (no pixel: the fill value) outside. */
// @ts-ignore: decorator
@inline
function tap(image: usize, H: i32, W: i32, C: i32, b: i32, y: f64, x: f64): usize {
  if (0 <= y && y < <f64>H && 0 <= x && x < <f64>W) return image + (((<usize>b * <usize>H + <usize><i32>y) * <usize>W + <usize><i32>x) * <usize>C << 2);
  return 0;
}

// @ts-ignore: decorator
@inline
function valueAt(dtype: i32, at: usize, c: i32, fill: f64): f64 {
  if (at == 0) return fill;
  return dtype == DTYPE_F32 ? <f64>load<f32>(at + (<usize>c << 2)) : <f64>load<i32>(at + (<usize>c << 2));
}

// @ts-ignore: decorator
@inline
function transformImpl(
  dtype: i32, image: usize, transforms: usize, out: usize, H: i32, W: i32, C: i32, outH: i32, outW: i32, transformsBatch: i32,
  bilinear: i32, fillMode: i32, fill: f64, start: i32, end: i32,
): void {
  for (let row = start; row < end; row++) {
    const outY = row % outH;
    const b = row / outH;
    const t = transforms + (transformsBatch == 1 ? 0 : <usize>b * 32);
    const t0 = <f64>load<f32>(t), t1 = <f64>load<f32>(t, 4), t2 = <f64>load<f32>(t, 8), t3 = <f64>load<f32>(t, 12);
    const t4 = <f64>load<f32>(t, 16), t5 = <f64>load<f32>(t, 20), t6 = <f64>load<f32>(t, 24), t7 = <f64>load<f32>(t, 28);
    for (let outX = 0; outX < outW; outX++) {
      const dst = out + ((((<usize>row * <usize>outW) + <usize>outX) * <usize>C) << 2);
      const projection = t6 * <f64>outX + t7 * <f64>outY + 1;
      if (projection == 0) {
        // The cpu leaves the fill value at infinite coordinates.
        for (let c = 0; c < C; c++) storeValue(dst + (<usize>c << 2), dtype, fill);
        continue;
      }
      // Coordinates and taps are the same for every channel (the cpu recomputes them per channel).
      const x = mapCoord((t0 * <f64>outX + t1 * <f64>outY + t2) / projection, W, fillMode);
      const y = mapCoord((t3 * <f64>outX + t4 * <f64>outY + t5) / projection, H, fillMode);
      if (bilinear == 0) {
        const at = tap(image, H, W, C, b, Math.round(y), Math.round(x));
        for (let c = 0; c < C; c++) storeValue(dst + (<usize>c << 2), dtype, valueAt(dtype, at, c, fill));
      } else {
        const yFloor = Math.floor(y), xFloor = Math.floor(x);
        const yCeil = yFloor + 1, xCeil = xFloor + 1;
        const a00 = tap(image, H, W, C, b, yFloor, xFloor), a01 = tap(image, H, W, C, b, yFloor, xCeil);
        const a10 = tap(image, H, W, C, b, yCeil, xFloor), a11 = tap(image, H, W, C, b, yCeil, xCeil);
        for (let c = 0; c < C; c++) {
          const top = (xCeil - x) * valueAt(dtype, a00, c, fill) + (x - xFloor) * valueAt(dtype, a01, c, fill);
          const bottom = (xCeil - x) * valueAt(dtype, a10, c, fill) + (x - xFloor) * valueAt(dtype, a11, c, fill);
          storeValue(dst + (<usize>c << 2), dtype, (yCeil - y) * top + (y - yFloor) * bottom);
        }
      }
    }
  }
}

function transformF32(
  image: usize, transforms: usize, out: usize, H: i32, W: i32, C: i32, outH: i32, outW: i32, transformsBatch: i32,
  bilinear: i32, fillMode: i32, fill: f64, start: i32, end: i32,
): void {
  transformImpl(DTYPE_F32, image, transforms, out, H, W, C, outH, outW, transformsBatch, bilinear, fillMode, fill, start, end);
}

function transformI32(
  image: usize, transforms: usize, out: usize, H: i32, W: i32, C: i32, outH: i32, outW: i32, transformsBatch: i32,
  bilinear: i32, fillMode: i32, fill: f64, start: i32, end: i32,
): void {
  transformImpl(DTYPE_I32, image, transforms, out, H, W, C, outH, outW, transformsBatch, bilinear, fillMode, fill, start, end);
}

/**
 * Rows [start, end) of batch·outH of tfjs's Transform: transforms holds 8 floats per image (or one
 * set for all when transformsBatch is 1); bilinear (1) or nearest (0).
 */
export function transformRows(
  image: usize, transforms: usize, out: usize, dtype: i32, H: i32, W: i32, C: i32, outH: i32, outW: i32, transformsBatch: i32,
  bilinear: i32, fillMode: i32, fill: f64, start: i32, end: i32, part: i32,
): void {
  if (dtype == DTYPE_F32) transformF32(image, transforms, out, H, W, C, outH, outW, transformsBatch, bilinear, fillMode, fill, start, end);
  else transformI32(image, transforms, out, H, W, C, outH, outW, transformsBatch, bilinear, fillMode, fill, start, end);
}
