// Local response normalisation across channels (AlexNet-era models) and its gradient, as tfjs's
// cpu kernels compute them in JS numbers: window sums of squares in f64, pow per element
// (binary.ts's jsPow), results rounded to float32. Threads split pixels (rows of `channels`).
import { jsPow } from './binary';

/**
 * y^-beta in f64: the usual betas by square roots and a division (within a few f64 ulps of pow,
 * which the float32 result cannot tell apart but in rare rounding ties), others by pow.
 */
// @ts-ignore: decorator
@inline
function inversePower(y: f64, beta: f64): f64 {
  if (beta == 0.75) {
    const r = Math.sqrt(y);
    return 1 / (r * Math.sqrt(r));
  }
  if (beta == 0.5) return 1 / Math.sqrt(y);
  if (beta == 1) return 1 / y;
  return jsPow(y, -beta);
}

/** Pixels [start, end) of out = x · (bias + alpha · Σ window x²)^-beta; window c ± radius. */
export function lrnRange(
  x: usize, out: usize, channels: i32, radius: i32, bias: f64, alpha: f64, beta: f64, start: i32, end: i32, part: i32,
): void {
  for (let p = start; p < end; p++) {
    const row = x + ((<usize>p * <usize>channels) << 2);
    const dst = out + ((<usize>p * <usize>channels) << 2);
    for (let c = 0; c < channels; c++) {
      const last = min<i32>(c + radius, channels - 1);
      let sum: f64 = 0;
      for (let k = max<i32>(0, c - radius); k <= last; k++) {
        const z = <f64>load<f32>(row + (<usize>k << 2));
        sum += z * z;
      }
      store<f32>(dst + (<usize>c << 2), <f32>(<f64>load<f32>(row + (<usize>c << 2)) * inversePower(bias + alpha * sum, beta)));
    }
  }
}

/**
 * Pixels [start, end) of LRN's gradient from x, the forward output y and dy, accumulated into out
 * (float32, as the cpu's Float32Array) in the cpu's order.
 */
export function lrnGradRange(
  x: usize, y: usize, dy: usize, out: usize, channels: i32, radius: i32, bias: f64, alpha: f64, beta: f64,
  start: i32, end: i32, part: i32,
): void {
  for (let p = start; p < end; p++) {
    const offset = (<usize>p * <usize>channels) << 2;
    memory.fill(out + offset, 0, <usize>channels << 2);
    for (let c = 0; c < channels; c++) {
      const begin = max<i32>(0, c - radius);
      const stop = min<i32>(channels, c + radius + 1);
      let norm: f64 = 0;
      for (let k = begin; k < stop; k++) {
        const v = <f64>load<f32>(x + offset + (<usize>k << 2));
        norm += v * v;
      }
      norm = alpha * norm + bias;
      const yc = <f64>load<f32>(y + offset + (<usize>c << 2));
      const dyc = <f64>load<f32>(dy + offset + (<usize>c << 2));
      for (let k = begin; k < stop; k++) {
        let g = (-2 * alpha * beta * <f64>load<f32>(x + offset + (<usize>k << 2)) * yc) / norm;
        if (k == c) g += jsPow(norm, -beta);
        g *= dyc;
        const at = out + offset + (<usize>k << 2);
        store<f32>(at, <f32>(<f64>load<f32>(at) + g));
      }
    }
  }
}
