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
