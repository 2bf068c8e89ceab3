// 2-D max and average pooling over NHWC float32, TensorFlow semantics: the window is clipped to
// the input (padding never contributes), average divides by the clipped window's size, and max
// skips NaN (as tfjs's cpu kernel does: `pixel > best`).

const MAX_POOL: i32 = 0;

// @ts-ignore: decorator
@inline
function combine(isMax: bool, acc: v128, x: v128): v128 {
  // pmax(acc, x) is acc < x ? x : acc: NaN inputs never win, and it is one maxps on x86 (a
  // compare-and-select took three instructions).
  return isMax ? f32x4.pmax(acc, x) : f32x4.add(acc, x);
}

// @ts-ignore: decorator
@inline
function combineScalar(isMax: bool, acc: f32, x: f32): f32 {
  return isMax ? (x > acc ? x : acc) : acc + x;
}

/**
 * One output pixel's C channels: 16 channels at a time in registers across the whole window,
 * then 4, then one, so each input element is loaded once per output pixel.
 */
// @ts-ignore: decorator
@inline
function poolPixel(
  isMax: bool, x: usize, out: usize, channels: i32, inWidth: i32,
  rowMin: i32, rowMax: i32, colMin: i32, colMax: i32,
): void {
  const rowBytes = <usize>inWidth * channels << 2;
  const pixelBytes = <usize>channels << 2;
  // A window wholly in padding has max < min on an axis: count 0 gives NaN, as the cpu's 0/0.
  const count = <f32>(max(0, rowMax - rowMin) * max(0, colMax - colMin));
  const init = isMax ? f32x4.splat(-Infinity) : f32x4.splat(0);
  const initScalar: f32 = isMax ? -Infinity : 0;
  const divisor = f32x4.splat(count);
  let c = 0;
  if (rowMax - rowMin == 3 && colMax - colMin == 3) {
    // A whole 3×3 window (most of them in a 3×3 pool), unrolled: no window loops.
    const corner = x + <usize>rowMin * rowBytes + <usize>colMin * pixelBytes;
    for (; c + 8 <= channels; c += 8) {
      const p = corner + (<usize>c << 2);
      // Starting from `init`, not the first element: a NaN there must not win either.
      let a0 = combine(isMax, init, v128.load(p));
      let a1 = combine(isMax, init, v128.load(p, 16));
      a0 = combine(isMax, a0, v128.load(p + pixelBytes));
      a1 = combine(isMax, a1, v128.load(p + pixelBytes, 16));
      a0 = combine(isMax, a0, v128.load(p + 2 * pixelBytes));
      a1 = combine(isMax, a1, v128.load(p + 2 * pixelBytes, 16));
      const q = p + rowBytes;
      a0 = combine(isMax, a0, v128.load(q));
      a1 = combine(isMax, a1, v128.load(q, 16));
      a0 = combine(isMax, a0, v128.load(q + pixelBytes));
      a1 = combine(isMax, a1, v128.load(q + pixelBytes, 16));
      a0 = combine(isMax, a0, v128.load(q + 2 * pixelBytes));
      a1 = combine(isMax, a1, v128.load(q + 2 * pixelBytes, 16));
      const u = q + rowBytes;
      a0 = combine(isMax, a0, v128.load(u));
      a1 = combine(isMax, a1, v128.load(u, 16));
      a0 = combine(isMax, a0, v128.load(u + pixelBytes));
      a1 = combine(isMax, a1, v128.load(u + pixelBytes, 16));
      a0 = combine(isMax, a0, v128.load(u + 2 * pixelBytes));
      a1 = combine(isMax, a1, v128.load(u + 2 * pixelBytes, 16));
      if (!isMax) {
        a0 = f32x4.div(a0, divisor);
        a1 = f32x4.div(a1, divisor);
      }
      v128.store(out + (<usize>c << 2), a0);
      v128.store(out + (<usize>c << 2), a1, 16);
    }
  }
  for (; c + 16 <= channels; c += 16) {
    let a0 = init, a1 = init, a2 = init, a3 = init;
    for (let r = rowMin; r < rowMax; r++) {
      let p = x + <usize>r * rowBytes + <usize>colMin * pixelBytes + (<usize>c << 2);
      for (let col = colMin; col < colMax; col++) {
        a0 = combine(isMax, a0, v128.load(p));
        a1 = combine(isMax, a1, v128.load(p, 16));
        a2 = combine(isMax, a2, v128.load(p, 32));
        a3 = combine(isMax, a3, v128.load(p, 48));
        p += pixelBytes;
      }
    }
    const o = out + (<usize>c << 2);
    if (!isMax) {
      a0 = f32x4.div(a0, divisor); a1 = f32x4.div(a1, divisor);
      a2 = f32x4.div(a2, divisor); a3 = f32x4.div(a3, divisor);
    }
    v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
  }
  for (; c + 4 <= channels; c += 4) {
    let a = init;
    for (let r = rowMin; r < rowMax; r++) {
      let p = x + <usize>r * rowBytes + <usize>colMin * pixelBytes + (<usize>c << 2);
      for (let col = colMin; col < colMax; col++) {
        a = combine(isMax, a, v128.load(p));
        p += pixelBytes;
      }
    }
    v128.store(out + (<usize>c << 2), isMax ? a : f32x4.div(a, divisor));
  }
  for (; c < channels; c++) {
    let a = initScalar;
    for (let r = rowMin; r < rowMax; r++) {
      let p = x + <usize>r * rowBytes + <usize>colMin * pixelBytes + (<usize>c << 2);
      for (let col = colMin; col < colMax; col++) {
        a = combineScalar(isMax, a, load<f32>(p));
        p += pixelBytes;
      }
    }
    store<f32>(out + (<usize>c << 2), isMax ? a : a / count);
  }
}

// @ts-ignore: decorator
@inline
function poolImpl(
  isMax: bool, x: usize, out: usize, batch: i32, inHeight: i32, inWidth: i32, channels: i32,
  outHeight: i32, outWidth: i32, filterHeight: i32, filterWidth: i32,
  strideHeight: i32, strideWidth: i32, padTop: i32, padLeft: i32, start: i32, end: i32,
): void {
  const imageBytes = <usize>inHeight * inWidth * channels << 2;
  let o = out + (<usize>start * outWidth * channels << 2);
  // Output rows [start, end) of the batch·outHeight rows: the unit threads split.
  for (let row = start; row < end; row++) {
    const image = x + <usize>(row / outHeight) * imageBytes;
    const yr = row % outHeight;
    {
      const rowCorner = yr * strideHeight - padTop;
      const rowMin = max(0, rowCorner);
      const rowMax = min(inHeight, rowCorner + filterHeight);
      for (let yc = 0; yc < outWidth; yc++) {
        const colCorner = yc * strideWidth - padLeft;
        const colMin = max(0, colCorner);
        const colMax = min(inWidth, colCorner + filterWidth);
        poolPixel(isMax, image, o, channels, inWidth, rowMin, rowMax, colMin, colMax);
        o += <usize>channels << 2;
      }
    }
  }
}

// Max and average pooling each get a function of their own, with poolImpl inlined into it and
// isMax a constant there. Inlined side by side into one function, binaryen merges the two copies
// into one loop that computes both max and sum and chooses with a select at every element (which
// V8 turns into a branch). Binaryen leaves functions this large apart (see the .wat).
function maxPoolRows(
  x: usize, out: usize, batch: i32, inHeight: i32, inWidth: i32, channels: i32,
  outHeight: i32, outWidth: i32, filterHeight: i32, filterWidth: i32,
  strideHeight: i32, strideWidth: i32, padTop: i32, padLeft: i32, start: i32, end: i32,
): void {
  poolImpl(true, x, out, batch, inHeight, inWidth, channels, outHeight, outWidth,
    filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft, start, end);
}

function avgPoolRows(
  x: usize, out: usize, batch: i32, inHeight: i32, inWidth: i32, channels: i32,
  outHeight: i32, outWidth: i32, filterHeight: i32, filterWidth: i32,
  strideHeight: i32, strideWidth: i32, padTop: i32, padLeft: i32, start: i32, end: i32,
): void {
  poolImpl(false, x, out, batch, inHeight, inWidth, channels, outHeight, outWidth,
    filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft, start, end);
}

/** poolType: 0 = max, 1 = average. Pads are the top/left amounts (TF 'same' puts the odd one last). */
export function pool2d(
  x: usize, out: usize, poolType: i32, batch: i32, inHeight: i32, inWidth: i32, channels: i32,
  outHeight: i32, outWidth: i32, filterHeight: i32, filterWidth: i32,
  strideHeight: i32, strideWidth: i32, padTop: i32, padLeft: i32, start: i32, end: i32, part: i32,
): void {
  if (poolType == MAX_POOL) {
    maxPoolRows(x, out, batch, inHeight, inWidth, channels, outHeight, outWidth,
      filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft, start, end);
  } else {
    avgPoolRows(x, out, batch, inHeight, inWidth, channels, outHeight, outWidth,
      filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft, start, end);
  }
}
