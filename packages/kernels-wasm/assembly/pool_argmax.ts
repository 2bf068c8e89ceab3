// MaxPoolWithArgmax (NHWC): the max pool and, per output, the flat index of the value it took,
// as tfjs's cpu finds it (the first strictly larger value from -Infinity; NaN never wins; -1 and
// -Infinity for a window of NaNs): ((b·H + y)·W + x)·C + c with includeBatchInIndex, else
// (y·W + x)·C + c. f32x4 across channels.
// geometry: i32 [batch, inH, inW, C, outH, outW, fH, fW, sH, sW, dH, dW, padTop, padLeft].

// @ts-ignore: decorator
@inline
function g(geometry: usize, index: i32): i32 {
  return load<i32>(geometry + (<usize>index << 2));
}

/** Output rows [start, end) of batch·outH. */
export function maxPoolWithArgmaxRows(x: usize, out: usize, indexes: usize, includeBatch: i32, geometry: usize, start: i32, end: i32, part: i32): void {
  const H = g(geometry, 1), W = g(geometry, 2), C = g(geometry, 3);
  const outH = g(geometry, 4), outW = g(geometry, 5), fH = g(geometry, 6), fW = g(geometry, 7);
  const sH = g(geometry, 8), sW = g(geometry, 9), dH = g(geometry, 10), dW = g(geometry, 11);
  const padTop = g(geometry, 12), padLeft = g(geometry, 13);
  const eH = (fH - 1) * dH + 1, eW = (fW - 1) * dW + 1;
  const lanes = i32x4(0, 1, 2, 3);
  for (let row = start; row < end; row++) {
    const yR = row % outH;
    const b = row / outH;
    const rCorner = yR * sH - padTop;
    let rMin = rCorner;
    while (rMin < 0) rMin += dH;
    const rMax = min<i32>(H, eH + rCorner);
    const base = includeBatch != 0 ? b * H : 0;
    for (let yC = 0; yC < outW; yC++) {
      const cCorner = yC * sW - padLeft;
      let cMin = cCorner;
      while (cMin < 0) cMin += dW;
      const cMax = min<i32>(W, eW + cCorner);
      const at = (((<usize>row * <usize>outW) + <usize>yC) * <usize>C) << 2;
      let ch = 0;
      for (; ch + 4 <= C; ch += 4) {
        let best = f32x4.splat(-Infinity);
        let index = i32x4.splat(-1);
        for (let r = rMin; r < rMax; r += dH) {
          for (let c = cMin; c < cMax; c += dW) {
            const v = v128.load(x + (((((<usize>b * <usize>H + <usize>r) * <usize>W + <usize>c) * <usize>C) + <usize>ch) << 2));
            const better = f32x4.gt(v, best);
            best = v128.bitselect(v, best, better);
            index = v128.bitselect(i32x4.add(i32x4.splat(((base + r) * W + c) * C + ch), lanes), index, better);
          }
        }
        v128.store(out + at + (<usize>ch << 2), best);
        v128.store(indexes + at + (<usize>ch << 2), index);
      }
      for (; ch < C; ch++) {
        let best: f32 = -Infinity;
        let index = -1;
        for (let r = rMin; r < rMax; r += dH) {
          for (let c = cMin; c < cMax; c += dW) {
            const v = load<f32>(x + (((((<usize>b * <usize>H + <usize>r) * <usize>W + <usize>c) * <usize>C) + <usize>ch) << 2));
            if (v > best) {
              best = v;
              index = ((base + r) * W + c) * C + ch;
            }
          }
        }
        store<f32>(out + at + (<usize>ch << 2), best);
        store<i32>(indexes + at + (<usize>ch << 2), index);
      }
    }
  }
}
