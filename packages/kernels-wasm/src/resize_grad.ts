import { expectDims, expectLength } from './checks.js';
import type { FoveaKernels } from './loader.js';

/**
 * The gradient of bilinear resizing (tfjs's and TensorFlow's algorithm, which ignores
 * halfPixelCenters): dy [batch, outHeight, outWidth, C] → dx [batch, inHeight, inWidth, C].
 */
export function resizeBilinearGrad(
  kernels: FoveaKernels,
  dy: Float32Array,
  [batch, inHeight, inWidth, channels]: readonly [number, number, number, number],
  [outHeight, outWidth]: readonly [number, number],
  alignCorners: boolean,
): Float32Array {
  expectDims('imagesShape', [batch, inHeight, inWidth, channels], true);
  expectDims('dy shape', [outHeight, outWidth], true);
  expectLength('dy', dy, batch * outHeight * outWidth * channels, 'batch·outHeight·outWidth·channels');
  const { arena } = kernels;
  arena.reset();
  const dyPtr = arena.allocFrom(dy);
  const size = batch * inHeight * inWidth * channels;
  const dx = arena.alloc(size);
  kernels.exports.resizeBilinearGrad(dyPtr, dx, batch, inHeight, inWidth, channels, outHeight, outWidth, alignCorners ? 1 : 0);
  return arena.read(dx, size);
}

/**
 * ResizeNearestNeighbor's gradient: dx [batch, H, W, C] from dy [batch, outH, outW, C], as tfjs's
 * cpu computes it (each dx pixel sums the dy pixels whose nearest source it was).
 */
export function resizeNearestNeighborGrad(
  kernels: FoveaKernels, dy: Float32Array, batch: number, H: number, W: number, C: number, outH: number, outW: number, alignCorners: boolean,
): Float32Array {
  expectDims('shape', [batch, H, W, C, outH, outW]);
  expectLength('dy', dy, batch * outH * outW * C, 'batch·outH·outW·C');
  // The cpu's scales and search windows, in JS numbers.
  const effective = (inSize: number, outSize: number) => (alignCorners && outSize > 1 ? inSize - 1 : inSize);
  const heightScale = effective(H, outH) / effective(outH, outH);
  const widthScale = effective(W, outW) / effective(outW, outW);
  const winHeight = Math.ceil(1 / heightScale) * 2 + 2;
  const winWidth = Math.ceil(1 / widthScale) * 2 + 2;
  const n = batch * H * W * C;
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    const scratch = arena.alloc(2 * C * 32);
    const args = [
      arena.allocFrom(dy), out, H, W, C, outH, outW, heightScale, widthScale, 1 / heightScale, 1 / widthScale, winHeight, winWidth,
      alignCorners ? 1 : 0, scratch,
    ];
    kernels.parallel('resizeNearestNeighborGradRows', args, batch * H, 1, 4 * n * winHeight * winWidth);
  }
  return arena.read(out, n);
}
