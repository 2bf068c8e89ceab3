// MaxPoolGrad and AvgPoolGrad over NHWC float32, matching tfjs's cpu kernels: max routes each
// window's dy to the first input pixel holding the window's maximum (NaN never wins; a window
// whose maximum is -Infinity routes nowhere), average spreads dy·multiplier over the window
// clipped to the input. Both scatter per output pixel, 4 channels per SIMD lane group; threads
// split the channels.

/**
 * x: batch×H×W×C (the forward input); dy: batch×outH×outW×C; dx: batch×H×W×C, zero on entry (the
 * windows overlap: sums add into it). Pads are the top/left amounts of the forward pooling. Only
 * channels [4·start, min(4·end, C)) are routed: threads split channel groups of 4, which never
 * meet in dx (output rows would: their windows overlap).
 */
export function maxPoolGrad(
  x: usize, dy: usize, dx: usize, batch: i32, H: i32, W: i32, C: i32, outH: i32, outW: i32,
  fh: i32, fw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, start: i32, end: i32, part: i32,
): void {
  const imageFloats = <usize>H * <usize>W * <usize>C;
  const rowBytes = (<usize>W * <usize>C) << 2;
  const pixelBytes = <usize>C << 2;
  const negInf = f32x4.splat(-Infinity);
  const cStart = start << 2;
  const cEnd = min(end << 2, C);
  const c4 = cStart + ((cEnd - cStart) & ~3);
  let g = dy;
  for (let b = 0; b < batch; b++) {
    const xImage = x + ((<usize>b * imageFloats) << 2);
    const dxImage = dx + ((<usize>b * imageFloats) << 2);
    for (let oh = 0; oh < outH; oh++) {
      const r0 = max(0, oh * sh - padTop);
      const r1 = min(H, oh * sh - padTop + fh);
      for (let ow = 0; ow < outW; ow++) {
        const q0 = max(0, ow * sw - padLeft);
        const q1 = min(W, ow * sw - padLeft + fw);
        const corner = <usize>r0 * rowBytes + <usize>q0 * pixelBytes;
        let c = cStart;
        for (; c < c4; c += 4) {
          const cb = corner + (<usize>c << 2);
          let best = negInf;
          for (let r = r0; r < r1; r++) {
            let p = xImage + cb + <usize>(r - r0) * rowBytes;
            for (let q = q0; q < q1; q++) {
              const v = v128.load(p);
              best = v128.bitselect(v, best, f32x4.gt(v, best));
              p += pixelBytes;
            }
          }
          // Lanes still to route: those whose maximum beat -Infinity (the cpu's `pixel > max`).
          let open = f32x4.gt(best, negInf);
          const grad = v128.load(g + (<usize>c << 2));
          for (let r = r0; r < r1 && v128.any_true(open); r++) {
            let p = cb + <usize>(r - r0) * rowBytes;
            for (let q = q0; q < q1; q++) {
              const hit = v128.and(f32x4.eq(v128.load(xImage + p), best), open);
              const d = dxImage + p;
              v128.store(d, f32x4.add(v128.load(d), v128.and(grad, hit)));
              open = v128.andnot(open, hit);
              p += pixelBytes;
            }
          }
        }
        for (; c < cEnd; c++) {
          const cb = corner + (<usize>c << 2);
          let best: f32 = -Infinity;
          let at: isize = -1;
          for (let r = r0; r < r1; r++) {
            let p = cb + <usize>(r - r0) * rowBytes;
            for (let q = q0; q < q1; q++) {
              const v = load<f32>(xImage + p);
              if (v > best) {
                best = v;
                at = <isize>p;
              }
              p += pixelBytes;
            }
          }
          if (at >= 0) {
            const d = dxImage + <usize>at;
            store<f32>(d, load<f32>(d) + load<f32>(g + (<usize>c << 2)));
          }
        }
        g += pixelBytes;
      }
    }
  }
}

/**
 * dy: batch×outH×outW×C; dx: batch×H×W×C, zero on entry; multiplier: tfjs's 1/(fh·fw). Channels
 * [4·start, min(4·end, C)) only, as in maxPoolGrad.
 */
export function avgPoolGrad(
  dy: usize, dx: usize, batch: i32, H: i32, W: i32, C: i32, outH: i32, outW: i32,
  fh: i32, fw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32, multiplier: f32, start: i32, end: i32, part: i32,
): void {
  const imageFloats = <usize>H * <usize>W * <usize>C;
  const rowBytes = (<usize>W * <usize>C) << 2;
  const pixelBytes = <usize>C << 2;
  const scale = f32x4.splat(multiplier);
  const cStart = start << 2;
  const cEnd = min(end << 2, C);
  const c4 = cStart + ((cEnd - cStart) & ~3);
  let g = dy;
  for (let b = 0; b < batch; b++) {
    const dxImage = dx + ((<usize>b * imageFloats) << 2);
    for (let oh = 0; oh < outH; oh++) {
      const r0 = max(0, oh * sh - padTop);
      const r1 = min(H, oh * sh - padTop + fh);
      for (let ow = 0; ow < outW; ow++) {
        const q0 = max(0, ow * sw - padLeft);
        const q1 = min(W, ow * sw - padLeft + fw);
        const corner = dxImage + <usize>r0 * rowBytes + <usize>q0 * pixelBytes;
        let c = cStart;
        for (; c < c4; c += 4) {
          const grad = f32x4.mul(v128.load(g + (<usize>c << 2)), scale);
          for (let r = r0; r < r1; r++) {
            let d = corner + <usize>(r - r0) * rowBytes + (<usize>c << 2);
            for (let q = q0; q < q1; q++) {
              v128.store(d, f32x4.add(v128.load(d), grad));
              d += pixelBytes;
            }
          }
        }
        for (; c < cEnd; c++) {
          const grad = load<f32>(g + (<usize>c << 2)) * multiplier;
          for (let r = r0; r < r1; r++) {
            let d = corner + <usize>(r - r0) * rowBytes + (<usize>c << 2);
            for (let q = q0; q < q1; q++) {
              store<f32>(d, load<f32>(d) + grad);
              d += pixelBytes;
            }
          }
        }
        g += pixelBytes;
      }
    }
  }
}
