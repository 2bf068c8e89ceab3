// ResizeBilinear and ResizeNearestNeighbor over NHWC float32, ported index-for-index from tfjs's
// cpu kernels (alignCorners, halfPixelCenters) so results agree bit for bit on the sampling grid.
// Source coordinates are computed in f64, as the JS reference does; channels run 4 at a time.

// @ts-ignore: decorator
@inline
function ratio(alignCorners: bool, inSize: i32, outSize: i32): f64 {
  const effectiveIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effectiveOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  return <f64>effectiveIn / <f64>effectiveOut;
}

export function resizeBilinear(
  x: usize, out: usize, batch: i32, inHeight: i32, inWidth: i32, channels: i32,
  outHeight: i32, outWidth: i32, alignCorners: bool, halfPixelCenters: bool,
): void {
  const rowRatio = ratio(alignCorners, inHeight, outHeight);
  const colRatio = ratio(alignCorners, inWidth, outWidth);
  const pixelBytes = <usize>channels << 2;
  const rowBytes = <usize>inWidth * pixelBytes;
  let o = out;
  for (let b = 0; b < batch; b++) {
    const image = x + <usize>b * inHeight * rowBytes;
    for (let r = 0; r < outHeight; r++) {
      const fracRow = halfPixelCenters ? rowRatio * (<f64>r + 0.5) - 0.5 : rowRatio * <f64>r;
      const rowFloor = max<f64>(0, Math.floor(fracRow));
      const rowFrac = <f32>(fracRow - rowFloor);
      const rowCeil = min<i32>(inHeight - 1, <i32>Math.ceil(fracRow));
      const top = image + <usize>(<i32>rowFloor) * rowBytes;
      const bottom = image + <usize>rowCeil * rowBytes;
      const rowFracV = f32x4.splat(rowFrac);
      for (let c = 0; c < outWidth; c++) {
        const fracCol = halfPixelCenters ? colRatio * (<f64>c + 0.5) - 0.5 : colRatio * <f64>c;
        const colFloor = max<f64>(0, Math.floor(fracCol));
        const colFrac = <f32>(fracCol - colFloor);
        const colCeil = min<i32>(inWidth - 1, <i32>Math.ceil(fracCol));
        const left = <usize>(<i32>colFloor) * pixelBytes;
        const right = <usize>colCeil * pixelBytes;
        const colFracV = f32x4.splat(colFrac);
        let d = 0;
        for (; d + 4 <= channels; d += 4) {
          const at = <usize>d << 2;
          const topLeft = v128.load(top + left + at);
          const topRight = v128.load(top + right + at);
          const bottomLeft = v128.load(bottom + left + at);
          const bottomRight = v128.load(bottom + right + at);
          const t = f32x4.add(topLeft, f32x4.mul(f32x4.sub(topRight, topLeft), colFracV));
          const u = f32x4.add(bottomLeft, f32x4.mul(f32x4.sub(bottomRight, bottomLeft), colFracV));
          v128.store(o + at, f32x4.add(t, f32x4.mul(f32x4.sub(u, t), rowFracV)));
        }
        for (; d < channels; d++) {
          const at = <usize>d << 2;
          const topLeft = load<f32>(top + left + at);
          const topRight = load<f32>(top + right + at);
          const bottomLeft = load<f32>(bottom + left + at);
          const bottomRight = load<f32>(bottom + right + at);
          const t = topLeft + (topRight - topLeft) * colFrac;
          const u = bottomLeft + (bottomRight - bottomLeft) * colFrac;
          store<f32>(o + at, t + (u - t) * rowFrac);
        }
        o += pixelBytes;
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function nearest(frac: f64, size: i32, alignCorners: bool, halfPixelCenters: bool): i32 {
  // Math.round in JS rounds halves up; f64 nearest() would round them to even.
  let index = min<i32>(size - 1, <i32>(alignCorners ? Math.floor(frac + 0.5) : Math.floor(frac)));
  if (halfPixelCenters) index = max<i32>(0, index);
  return index;
}

export function resizeNearestNeighbor(
  x: usize, out: usize, batch: i32, inHeight: i32, inWidth: i32, channels: i32,
  outHeight: i32, outWidth: i32, alignCorners: bool, halfPixelCenters: bool,
): void {
  const rowRatio = ratio(alignCorners, inHeight, outHeight);
  const colRatio = ratio(alignCorners, inWidth, outWidth);
  const pixelBytes = <usize>channels << 2;
  const rowBytes = <usize>inWidth * pixelBytes;
  let o = out;
  for (let b = 0; b < batch; b++) {
    const image = x + <usize>b * inHeight * rowBytes;
    for (let r = 0; r < outHeight; r++) {
      const fracRow = halfPixelCenters ? rowRatio * (<f64>r + 0.5) : rowRatio * <f64>r;
      const row = image + <usize>nearest(fracRow, inHeight, alignCorners, halfPixelCenters) * rowBytes;
      for (let c = 0; c < outWidth; c++) {
        const fracCol = halfPixelCenters ? colRatio * (<f64>c + 0.5) : colRatio * <f64>c;
        memory.copy(o, row + <usize>nearest(fracCol, inWidth, alignCorners, halfPixelCenters) * pixelBytes, pixelBytes);
        o += pixelBytes;
      }
    }
  }
}
