// 3-D convolution (NDHWC, filter [fd, fh, fw, Cin, Cout]) and its two gradients, in tfjs's cpu
// kernels' arithmetic: the forward pass accumulates each output in float32 over (depth, row,
// column, input channel) taps in that order, each step y + x·w in f64 rounded to f32 as the
// cpu's Float32Array stores it (f64x2 across output channels: the cpu's values exactly); the
// gradients sum in f64, in the cpu's order, per element.
// geometry: i32 [batch, inD, inH, inW, inC, outD, outH, outW, outC, fD, fH, fW, sD, sH, sW,
// dD, dH, dW, padFront, padTop, padLeft].
import { demote4, upperHalf } from './simd';

// @ts-ignore: decorator
@inline
function g(geometry: usize, index: i32): i32 {
  return load<i32>(geometry + (<usize>index << 2));
}

/** Output rows [start, end) of batch·outD·outH (one row: outW pixels × outC channels). */
export function conv3dRows(x: usize, filter: usize, out: usize, geometry: usize, start: i32, end: i32, part: i32): void {
  const inD = g(geometry, 1), inH = g(geometry, 2), inW = g(geometry, 3), inC = g(geometry, 4);
  const outD = g(geometry, 5), outH = g(geometry, 6), outW = g(geometry, 7), outC = g(geometry, 8);
  const fD = g(geometry, 9), fH = g(geometry, 10), fW = g(geometry, 11);
  const sD = g(geometry, 12), sH = g(geometry, 13), sW = g(geometry, 14);
  const dD = g(geometry, 15), dH = g(geometry, 16), dW = g(geometry, 17);
  const padFront = g(geometry, 18), padTop = g(geometry, 19), padLeft = g(geometry, 20);
  const outCBytes = <usize>outC << 2;
  for (let row = start; row < end; row++) {
    const yR = row % outH;
    const yF = (row / outH) % outD;
    const b = row / (outH * outD);
    const dstRow = out + <usize>row * <usize>outW * outCBytes;
    memory.fill(dstRow, 0, <usize>outW * outCBytes);
    for (let wF = 0; wF < fD; wF++) {
      const xF = yF * sD - padFront + wF * dD;
      if (xF < 0 || xF >= inD) continue;
      for (let wR = 0; wR < fH; wR++) {
        const xR = yR * sH - padTop + wR * dH;
        if (xR < 0 || xR >= inH) continue;
        const xRow = x + ((((<usize>b * <usize>inD + <usize>xF) * <usize>inH + <usize>xR) * <usize>inW * <usize>inC) << 2);
        for (let yC = 0; yC < outW; yC++) {
          const dst = dstRow + <usize>yC * outCBytes;
          for (let wC = 0; wC < fW; wC++) {
            const xC = yC * sW - padLeft + wC * dW;
            if (xC < 0 || xC >= inW) continue;
            const src = xRow + ((<usize>xC * <usize>inC) << 2);
            let w = filter + ((((<usize>wF * <usize>fH + <usize>wR) * <usize>fW + <usize>wC) * <usize>inC * <usize>outC) << 2);
            for (let d1 = 0; d1 < inC; d1++) {
              const v = <f64>load<f32>(src + (<usize>d1 << 2));
              const vv = f64x2.splat(v);
              let d2 = 0;
              for (; d2 + 4 <= outC; d2 += 4) {
                const at = dst + (<usize>d2 << 2);
                const acc = v128.load(at);
                const wv = v128.load(w + (<usize>d2 << 2));
                const lo = f64x2.add(f64x2.promote_low_f32x4(acc), f64x2.mul(vv, f64x2.promote_low_f32x4(wv)));
                const hi = f64x2.add(f64x2.promote_low_f32x4(upperHalf(acc)), f64x2.mul(vv, f64x2.promote_low_f32x4(upperHalf(wv))));
                v128.store(at, demote4(lo, hi));
              }
              for (; d2 < outC; d2++) {
                const at = dst + (<usize>d2 << 2);
                store<f32>(at, <f32>(<f64>load<f32>(at) + v * <f64>load<f32>(w + (<usize>d2 << 2))));
              }
              w += outCBytes;
            }
          }
        }
      }
    }
  }
}

/**
 * Rows [start, end) of batch·inD·inH of dx = the input gradient (unit dilations, as tfjs's
 * kernel), each element an f64 sum over (dy depth, row, column, output channel) in order.
 */
export function conv3dBackpropInputRows(dy: usize, filter: usize, dx: usize, geometry: usize, start: i32, end: i32, part: i32): void {
  const inD = g(geometry, 1), inH = g(geometry, 2), inW = g(geometry, 3), inC = g(geometry, 4);
  const outD = g(geometry, 5), outH = g(geometry, 6), outW = g(geometry, 7), outC = g(geometry, 8);
  const fD = g(geometry, 9), fH = g(geometry, 10), fW = g(geometry, 11);
  const sD = g(geometry, 12), sH = g(geometry, 13), sW = g(geometry, 14);
  const frontPad = fD - 1 - g(geometry, 18), topPad = fH - 1 - g(geometry, 19), leftPad = fW - 1 - g(geometry, 20);
  for (let row = start; row < end; row++) {
    const xR = row % inH;
    const xF = (row / inH) % inD;
    const b = row / (inH * inD);
    const xFCorner = xF - frontPad;
    const xFMin = max<i32>(0, <i32>Math.ceil(<f64>xFCorner / <f64>sD));
    const yFMax = Math.min(<f64>outD, <f64>(fD + xFCorner) / <f64>sD);
    const xRCorner = xR - topPad;
    const xRMin = max<i32>(0, <i32>Math.ceil(<f64>xRCorner / <f64>sH));
    const yRMax = Math.min(<f64>outH, <f64>(fH + xRCorner) / <f64>sH);
    for (let xC = 0; xC < inW; xC++) {
      const xCCorner = xC - leftPad;
      const xCMin = max<i32>(0, <i32>Math.ceil(<f64>xCCorner / <f64>sW));
      const yCMax = Math.min(<f64>outW, <f64>(fW + xCCorner) / <f64>sW);
      const dst = dx + ((((<usize>row * <usize>inW) + <usize>xC) * <usize>inC) << 2);
      for (let d1 = 0; d1 < inC; d1++) {
        let dot: f64 = 0;
        for (let yF = xFMin; <f64>yF < yFMax; yF++) {
          const wF = yF * sD - xFCorner;
          for (let yR = xRMin; <f64>yR < yRMax; yR++) {
            const wR = yR * sH - xRCorner;
            for (let yC = xCMin; <f64>yC < yCMax; yC++) {
              const wC = yC * sW - xCCorner;
              const dyAt = dy + (((((<usize>b * <usize>outD + <usize>yF) * <usize>outH + <usize>yR) * <usize>outW + <usize>yC) * <usize>outC) << 2);
              const wAt = filter + (((((<usize>(fD - 1 - wF) * <usize>fH + <usize>(fH - 1 - wR)) * <usize>fW + <usize>(fW - 1 - wC)) * <usize>inC + <usize>d1) * <usize>outC) << 2);
              for (let d2 = 0; d2 < outC; d2++) dot += <f64>load<f32>(dyAt + (<usize>d2 << 2)) * <f64>load<f32>(wAt + (<usize>d2 << 2));
            }
          }
        }
        store<f32>(dst + (<usize>d1 << 2), <f32>dot);
      }
    }
  }
}

/**
 * Rows [start, end) of fD·fH·fW·inC (one row: outC filter gradients) of dW, each an f64 sum over
 * (batch, dy depth, row, column) in order (unit dilations, as tfjs's kernel).
 */
export function conv3dBackpropFilterRows(x: usize, dy: usize, dw: usize, geometry: usize, start: i32, end: i32, part: i32): void {
  const batch = g(geometry, 0), inD = g(geometry, 1), inH = g(geometry, 2), inW = g(geometry, 3), inC = g(geometry, 4);
  const outD = g(geometry, 5), outH = g(geometry, 6), outW = g(geometry, 7), outC = g(geometry, 8);
  const fH = g(geometry, 10), fW = g(geometry, 11);
  const sD = g(geometry, 12), sH = g(geometry, 13), sW = g(geometry, 14);
  const frontPad = g(geometry, 18), topPad = g(geometry, 19), leftPad = g(geometry, 20);
  for (let row = start; row < end; row++) {
    const d1 = row % inC;
    const wC = (row / inC) % fW;
    const wR = (row / (inC * fW)) % fH;
    const wF = row / (inC * fW * fH);
    const yFMin = max<i32>(0, <i32>Math.ceil(<f64>(frontPad - wF) / <f64>sD));
    const yFMax = Math.min(<f64>outD, <f64>(inD + frontPad - wF) / <f64>sD);
    const yRMin = max<i32>(0, <i32>Math.ceil(<f64>(topPad - wR) / <f64>sH));
    const yRMax = Math.min(<f64>outH, <f64>(inH + topPad - wR) / <f64>sH);
    const yCMin = max<i32>(0, <i32>Math.ceil(<f64>(leftPad - wC) / <f64>sW));
    const yCMax = Math.min(<f64>outW, <f64>(inW + leftPad - wC) / <f64>sW);
    for (let d2 = 0; d2 < outC; d2++) {
      let dot: f64 = 0;
      for (let b = 0; b < batch; b++) {
        for (let yF = yFMin; <f64>yF < yFMax; yF++) {
          const xF = wF + yF * sD - frontPad;
          for (let yR = yRMin; <f64>yR < yRMax; yR++) {
            const xR = wR + yR * sH - topPad;
            for (let yC = yCMin; <f64>yC < yCMax; yC++) {
              const xC = wC + yC * sW - leftPad;
              const xv = load<f32>(x + (((((<usize>b * <usize>inD + <usize>xF) * <usize>inH + <usize>xR) * <usize>inW + <usize>xC) * <usize>inC + <usize>d1) << 2));
              const dv = load<f32>(dy + (((((<usize>b * <usize>outD + <usize>yF) * <usize>outH + <usize>yR) * <usize>outW + <usize>yC) * <usize>outC + <usize>d2) << 2));
              dot += <f64>xv * <f64>dv;
            }
          }
        }
      }
      store<f32>(dw + ((<usize>row * <usize>outC + <usize>d2) << 2), <f32>dot);
    }
  }
}
