// 3-D max and average pooling (NDHWC) and their gradients, in tfjs's cpu kernels' arithmetic:
// max keeps the first strictly larger value from -Infinity (NaN never wins), average sums in f64
// and divides by the taps inside the input; the gradients gather dy per dx element in f64, the
// max gradient through the cpu's window positions (their row term scaled by the window height,
// as the cpu computes them). Forward rows are f32x4 / f64x2 across channels.
// geometry: conv3d.ts's i32 layout, with the effective (dilated) window in place of the filter.
import { demote4, upperHalf } from './simd';

// @ts-ignore: decorator
@inline
function g(geometry: usize, index: i32): i32 {
  return load<i32>(geometry + (<usize>index << 2));
}

/** The first tap at or after `corner` inside the input (the cpu steps up by the dilation). */
// @ts-ignore: decorator
@inline
function firstTap(corner: i32, dilation: i32): i32 {
  let t = corner;
  while (t < 0) t += dilation;
  return t;
}

/** Output rows [start, end) of batch·outD·outH of max (isMax 1) or average pooling. */
export function pool3dRows(x: usize, out: usize, isMax: i32, geometry: usize, start: i32, end: i32, part: i32): void {
  const inD = g(geometry, 1), inH = g(geometry, 2), inW = g(geometry, 3), C = g(geometry, 4);
  const outD = g(geometry, 5), outH = g(geometry, 6), outW = g(geometry, 7);
  const eD = g(geometry, 9), eH = g(geometry, 10), eW = g(geometry, 11);
  const sD = g(geometry, 12), sH = g(geometry, 13), sW = g(geometry, 14);
  const dD = g(geometry, 15), dH = g(geometry, 16), dW = g(geometry, 17);
  const padFront = g(geometry, 18), padTop = g(geometry, 19), padLeft = g(geometry, 20);
  for (let row = start; row < end; row++) {
    const yR = row % outH;
    const yF = (row / outH) % outD;
    const b = row / (outH * outD);
    const fCorner = yF * sD - padFront, rCorner = yR * sH - padTop;
    const fMin = firstTap(fCorner, dD), fMax = min<i32>(inD, eD + fCorner);
    const rMin = firstTap(rCorner, dH), rMax = min<i32>(inH, eH + rCorner);
    for (let yC = 0; yC < outW; yC++) {
      const cCorner = yC * sW - padLeft;
      const cMin = firstTap(cCorner, dW), cMax = min<i32>(inW, eW + cCorner);
      const dst = out + ((((<usize>row * <usize>outW) + <usize>yC) * <usize>C) << 2);
      let count = 0;
      for (let f = fMin; f < fMax; f += dD) for (let r = rMin; r < rMax; r += dH) for (let c = cMin; c < cMax; c += dW) count++;
      const divisor = <f64>max<i32>(count, 1);
      let ch = 0;
      for (; ch + 4 <= C; ch += 4) {
        let best = f32x4.splat(-Infinity);
        let lo = f64x2.splat(0), hi = f64x2.splat(0);
        for (let f = fMin; f < fMax; f += dD) {
          for (let r = rMin; r < rMax; r += dH) {
            for (let c = cMin; c < cMax; c += dW) {
              const v = v128.load(x + (((((<usize>b * <usize>inD + <usize>f) * <usize>inH + <usize>r) * <usize>inW + <usize>c) * <usize>C + <usize>ch) << 2));
              if (isMax != 0) {
                best = v128.bitselect(v, best, f32x4.gt(v, best));
              } else {
                lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
                hi = f64x2.add(hi, f64x2.promote_low_f32x4(upperHalf(v)));
              }
            }
          }
        }
        const d = f64x2.splat(divisor);
        v128.store(dst + (<usize>ch << 2), isMax != 0 ? best : demote4(f64x2.div(lo, d), f64x2.div(hi, d)));
      }
      for (; ch < C; ch++) {
        let best: f32 = -Infinity;
        let sum: f64 = 0;
        for (let f = fMin; f < fMax; f += dD) {
          for (let r = rMin; r < rMax; r += dH) {
            for (let c = cMin; c < cMax; c += dW) {
              const v = load<f32>(x + (((((<usize>b * <usize>inD + <usize>f) * <usize>inH + <usize>r) * <usize>inW + <usize>c) * <usize>C + <usize>ch) << 2));
              if (v > best) best = v;
              sum += <f64>v;
            }
          }
        }
        store<f32>(dst + (<usize>ch << 2), isMax != 0 ? best : <f32>(sum / divisor));
      }
    }
  }
}

/**
 * Output rows [start, end) of the cpu's max positions: per output, the window position of the
 * last value >= every earlier one (-1 when there is none), counted as
 * wD·eH·eW + wR·eH + wC — the cpu's formula (eH where eW would be the window's layout).
 */
export function maxPool3dPositionRows(x: usize, positions: usize, geometry: usize, start: i32, end: i32, part: i32): void {
  const inD = g(geometry, 1), inH = g(geometry, 2), inW = g(geometry, 3), C = g(geometry, 4);
  const outD = g(geometry, 5), outH = g(geometry, 6), outW = g(geometry, 7);
  const eD = g(geometry, 9), eH = g(geometry, 10), eW = g(geometry, 11);
  const sD = g(geometry, 12), sH = g(geometry, 13), sW = g(geometry, 14);
  const dD = g(geometry, 15), dH = g(geometry, 16), dW = g(geometry, 17);
  const padFront = g(geometry, 18), padTop = g(geometry, 19), padLeft = g(geometry, 20);
  for (let row = start; row < end; row++) {
    const yR = row % outH;
    const yF = (row / outH) % outD;
    const b = row / (outH * outD);
    const fCorner = yF * sD - padFront, rCorner = yR * sH - padTop;
    const fMin = firstTap(fCorner, dD), fMax = min<i32>(inD, eD + fCorner);
    const rMin = firstTap(rCorner, dH), rMax = min<i32>(inH, eH + rCorner);
    for (let yC = 0; yC < outW; yC++) {
      const cCorner = yC * sW - padLeft;
      const cMin = firstTap(cCorner, dW), cMax = min<i32>(inW, eW + cCorner);
      for (let ch = 0; ch < C; ch++) {
        let best: f32 = -Infinity;
        let position = -1;
        for (let f = fMin; f < fMax; f += dD) {
          for (let r = rMin; r < rMax; r += dH) {
            for (let c = cMin; c < cMax; c += dW) {
              const v = load<f32>(x + (((((<usize>b * <usize>inD + <usize>f) * <usize>inH + <usize>r) * <usize>inW + <usize>c) * <usize>C + <usize>ch) << 2));
              if (v >= best) {
                best = v;
                position = (f - fCorner) * eH * eW + (r - rCorner) * eH + (c - cCorner);
              }
            }
          }
        }
        store<i32>(positions + (((((<usize>row * <usize>outW) + <usize>yC) * <usize>C) + <usize>ch) << 2), position);
      }
    }
  }
}

/**
 * dx rows [start, end) of batch·inD·inH of the max (positions != 0: from maxPool3dPositionRows)
 * or average (multiplier 1 / window size) pooling gradient, gathered per dx element in f64.
 */
export function pool3dGradRows(
  dy: usize, positions: usize, dx: usize, multiplier: f64, geometry: usize, start: i32, end: i32, part: i32,
): void {
  const inD = g(geometry, 1), inH = g(geometry, 2), inW = g(geometry, 3), C = g(geometry, 4);
  const outD = g(geometry, 5), outH = g(geometry, 6), outW = g(geometry, 7);
  const eD = g(geometry, 9), eH = g(geometry, 10), eW = g(geometry, 11);
  const sD = g(geometry, 12), sH = g(geometry, 13), sW = g(geometry, 14);
  const dD = g(geometry, 15), dH = g(geometry, 16), dW = g(geometry, 17);
  const padFront = eD - 1 - g(geometry, 18), padTop = eH - 1 - g(geometry, 19), padLeft = eW - 1 - g(geometry, 20);
  const last = eD * eH * eW - 1;
  for (let row = start; row < end; row++) {
    const xR = row % inH;
    const xF = (row / inH) % inD;
    const b = row / (inH * inD);
    for (let xC = 0; xC < inW; xC++) {
      for (let ch = 0; ch < C; ch++) {
        let dot: f64 = 0;
        for (let wD = 0; wD < eD; wD += dD) {
          const fNum = xF - padFront + wD;
          if (fNum < 0 || fNum % sD != 0 || fNum / sD >= outD) continue;
          const yF = fNum / sD;
          for (let wR = 0; wR < eH; wR += dH) {
            const rNum = xR - padTop + wR;
            if (rNum < 0 || rNum % sH != 0 || rNum / sH >= outH) continue;
            const yR = rNum / sH;
            for (let wC = 0; wC < eW; wC += dW) {
              const cNum = xC - padLeft + wC;
              if (cNum < 0 || cNum % sW != 0 || cNum / sW >= outW) continue;
              const yC = cNum / sW;
              const at = ((((<usize>b * <usize>outD + <usize>yF) * <usize>outH + <usize>yR) * <usize>outW + <usize>yC) * <usize>C + <usize>ch) << 2;
              if (positions != 0) {
                const maxPosition = last - load<i32>(positions + at);
                if (maxPosition != wD * eH * eW + wR * eW + wC) continue;
              }
              dot += <f64>load<f32>(dy + at);
            }
          }
        }
        store<f32>(dx + ((((<usize>row * <usize>inW) + <usize>xC) * <usize>C + <usize>ch) << 2), <f32>(positions != 0 ? dot : dot * multiplier));
      }
    }
  }
}
