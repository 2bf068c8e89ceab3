import { expectDims, expectLength, KernelArgumentError } from './checks.js';
import type { FoveaKernels } from './loader.js';

export interface ResizeOptions {
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
}

type Resizer = 'resizeBilinear' | 'resizeNearestNeighbor';

function resize(
  kernels: FoveaKernels, which: Resizer, x: Float32Array, shape: readonly [number, number, number, number],
  size: readonly [number, number], options: ResizeOptions,
): Float32Array {
  const [batch, inHeight, inWidth, channels] = shape;
  expectDims('shape', shape);
  expectDims('size', size, true);
  expectLength('x', x, batch * inHeight * inWidth * channels, 'batch·height·width·channels');
  const alignCorners = options.alignCorners ?? false;
  const halfPixelCenters = options.halfPixelCenters ?? false;
  if (alignCorners && halfPixelCenters) {
    throw new KernelArgumentError('alignCorners: got true with halfPixelCenters true, expected at most one of them');
  }
  const [outHeight, outWidth] = size;
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const outLength = batch * outHeight * outWidth * channels;
  const outPtr = arena.alloc(outLength);
  kernels.exports[which](
    xPtr, outPtr, batch, inHeight, inWidth, channels, outHeight, outWidth, alignCorners ? 1 : 0, halfPixelCenters ? 1 : 0,
  );
  return arena.read(outPtr, outLength);
}

/** Bilinear resize of NHWC images to `size` = [height, width]. */
export function resizeBilinear(
  kernels: FoveaKernels, x: Float32Array, shape: readonly [number, number, number, number],
  size: readonly [number, number], options: ResizeOptions = {},
): Float32Array {
  return resize(kernels, 'resizeBilinear', x, shape, size, options);
}

/** Nearest-neighbour resize of NHWC images to `size` = [height, width]. */
export function resizeNearestNeighbor(
  kernels: FoveaKernels, x: Float32Array, shape: readonly [number, number, number, number],
  size: readonly [number, number], options: ResizeOptions = {},
): Float32Array {
  return resize(kernels, 'resizeNearestNeighbor', x, shape, size, options);
}
