// Grayscale dilation (Dilation2D, NHWC; filter [fh, fw, C]) and its two gradients, as tfjs's cpu
// kernels compute them (after TensorFlow's): per output, the largest x + filter over the taps
// inside the input, from Number.MIN_SAFE_INTEGER; the gradients compare the sums in f64 (the
// first of equal values wins) and add dy, in the cpu's order, at that tap of x or of the filter
// (float32 sums).
// geometry: i32 [batch, inH, inW, C, outH, outW, fH, fW, sH, sW, dH, dW, padTop, padLeft].

// @ts-ignore: decorator
@inline
function g(geometry: usize, index: i32): i32 {
  return load<i32>(geometry + (<usize>index << 2));
}

const MIN_SAFE_INTEGER: f64 = -9007199254740991;

/**
 * The forward pass, f32x4 across channels: rounding is monotonic, so the largest float32 sum is
 * the largest f64 sum rounded, as the cpu stores it; NaN never wins (a strict compare).
 */
function dilationForward(x: usize, filter: usize, out: usize, geometry: usize, start: i32, end: i32): void {
  const H = g(geometry, 1), W = g(geometry, 2), C = g(geometry, 3);
  const outH = g(geometry, 4), outW = g(geometry, 5), fH = g(geometry, 6), fW = g(geometry, 7);
  const sH = g(geometry, 8), sW = g(geometry, 9), dH = g(geometry, 10), dW = g(geometry, 11);
  const padTop = g(geometry, 12), padLeft = g(geometry, 13);
  const floor = f32x4.splat(<f32>MIN_SAFE_INTEGER);
  for (let row = start; row < end; row++) {
    const hOut = row % outH;
    const b = row / outH;
    const hBeg = hOut * sH - padTop;
    for (let wOut = 0; wOut < outW; wOut++) {
      const wBeg = wOut * sW - padLeft;
      const dst = out + ((<usize>row * <usize>outW + <usize>wOut) * <usize>C << 2);
      let d = 0;
      for (; d + 4 <= C; d += 4) {
        let best = floor;
        for (let h = 0; h < fH; h++) {
          const hIn = hBeg + h * dH;
          if (hIn < 0 || hIn >= H) continue;
          for (let w = 0; w < fW; w++) {
            const wIn = wBeg + w * dW;
            if (wIn < 0 || wIn >= W) continue;
            const v = f32x4.add(
              v128.load(x + ((((<usize>b * <usize>H + <usize>hIn) * <usize>W + <usize>wIn) * <usize>C + <usize>d) << 2)),
              v128.load(filter + (((<usize>h * <usize>fW + <usize>w) * <usize>C + <usize>d) << 2)),
            );
            best = v128.bitselect(v, best, f32x4.gt(v, best));
          }
        }
        v128.store(dst + (<usize>d << 2), best);
      }
      for (; d < C; d++) {
        let best: f32 = <f32>MIN_SAFE_INTEGER;
        for (let h = 0; h < fH; h++) {
          const hIn = hBeg + h * dH;
          if (hIn < 0 || hIn >= H) continue;
          for (let w = 0; w < fW; w++) {
            const wIn = wBeg + w * dW;
            if (wIn < 0 || wIn >= W) continue;
            const v = load<f32>(x + ((((<usize>b * <usize>H + <usize>hIn) * <usize>W + <usize>wIn) * <usize>C + <usize>d) << 2)) +
              load<f32>(filter + (((<usize>h * <usize>fW + <usize>w) * <usize>C + <usize>d) << 2));
            if (v > best) best = v;
          }
        }
        store<f32>(dst + (<usize>d << 2), best);
      }
    }
  }
}

/**
 * Outputs of rows [start, end) of batch·outH: mode 0 writes the dilation into out; mode 1 adds
 * dy into dx at the winning tap (x's shape, zeroed by the caller); mode 2 into the filter's
 * gradient (its shape, zeroed by the caller). Gradient modes run on one thread, in order.
 */
export function dilation2dRows(
  x: usize, filter: usize, dy: usize, out: usize, mode: i32, geometry: usize, start: i32, end: i32, part: i32,
): void {
  if (mode == 0) {
    dilationForward(x, filter, out, geometry, start, end);
    return;
  }
  const H = g(geometry, 1), W = g(geometry, 2), C = g(geometry, 3);
  const outH = g(geometry, 4), outW = g(geometry, 5), fH = g(geometry, 6), fW = g(geometry, 7);
  const sH = g(geometry, 8), sW = g(geometry, 9), dH = g(geometry, 10), dW = g(geometry, 11);
  const padTop = g(geometry, 12), padLeft = g(geometry, 13);
  for (let row = start; row < end; row++) {
    const hOut = row % outH;
    const b = row / outH;
    const hBeg = hOut * sH - padTop;
    for (let wOut = 0; wOut < outW; wOut++) {
      const wBeg = wOut * sW - padLeft;
      const o = ((<usize>row * <usize>outW + <usize>wOut) * <usize>C) << 2;
      for (let d = 0; d < C; d++) {
        let best = MIN_SAFE_INTEGER;
        // The cpu starts the input gradient's tap at the window's clamped corner, the filter's at 0.
        let hAt = mode == 1 ? max<i32>(hBeg, 0) : 0;
        let wAt = mode == 1 ? max<i32>(wBeg, 0) : 0;
        for (let h = 0; h < fH; h++) {
          const hIn = hBeg + h * dH;
          if (hIn < 0 || hIn >= H) continue;
          for (let w = 0; w < fW; w++) {
            const wIn = wBeg + w * dW;
            if (wIn < 0 || wIn >= W) continue;
            const v = <f64>load<f32>(x + ((((<usize>b * <usize>H + <usize>hIn) * <usize>W + <usize>wIn) * <usize>C + <usize>d) << 2)) +
              <f64>load<f32>(filter + (((<usize>h * <usize>fW + <usize>w) * <usize>C + <usize>d) << 2));
            if (v > best) {
              best = v;
              hAt = mode == 1 ? hIn : h;
              wAt = mode == 1 ? wIn : w;
            }
          }
        }
        {
          const at = mode == 1
            ? out + ((((<usize>b * <usize>H + <usize>hAt) * <usize>W + <usize>wAt) * <usize>C + <usize>d) << 2)
            : out + (((<usize>hAt * <usize>fW + <usize>wAt) * <usize>C + <usize>d) << 2);
          store<f32>(at, <f32>(<f64>load<f32>(at) + <f64>load<f32>(dy + o + (<usize>d << 2))));
        }
      }
    }
  }
}
