import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import type { FoveaKernels } from './loader.js';

export interface CropAndResizeOptions {
  /** 'bilinear' (default) or 'nearest'. */
  method?: 'bilinear' | 'nearest';
  /** The value of samples outside the image (default 0). */
  extrapolationValue?: number;
}

/**
 * tf.image.cropAndResize: for each box [y1, x1, y2, x2] (normalised coordinates, in boxes [n, 4])
 * of image boxIndex[i] of `image` ([batch, height, width, channels], float32), a cropHeight ×
 * cropWidth sampling; returns [n, cropHeight, cropWidth, channels]. A box whose image index is
 * outside [0, batch) gives zeros.
 */
export function cropAndResize(
  kernels: FoveaKernels, image: Float32Array, shape: readonly number[], boxes: Float32Array, boxIndex: Int32Array,
  cropSize: readonly [number, number], { method = 'bilinear', extrapolationValue = 0 }: CropAndResizeOptions = {},
): Float32Array {
  if (shape.length !== 4) throw new KernelArgumentError(`shape: got [${shape.join(', ')}], expected [batch, height, width, channels]`);
  expectDims('shape', shape);
  expectLength('image', image, product(shape), `product of shape [${shape.join(', ')}]`);
  expectDims('cropSize', cropSize, true);
  if (method !== 'bilinear' && method !== 'nearest') throw new KernelArgumentError(`method: got '${method}', expected 'bilinear' or 'nearest'`);
  const count = boxIndex.length;
  expectLength('boxes', boxes, 4 * count, `4 per entry of boxIndex (${count})`);
  const [batch, height, width, channels] = shape as [number, number, number, number];
  const [cropHeight, cropWidth] = cropSize;
  const outSize = count * cropHeight * cropWidth * channels;
  const { arena } = kernels;
  arena.reset();
  const imagePtr = arena.allocFrom(image);
  const boxesPtr = arena.allocFrom(boxes);
  const indexPtr = arena.allocFrom(boxIndex);
  const out = arena.alloc(outSize);
  if (outSize > 0) {
    kernels.parallel(
      'cropAndResize',
      [imagePtr, boxesPtr, indexPtr, out, batch, height, width, channels, cropHeight, cropWidth, method === 'nearest' ? 1 : 0, extrapolationValue],
      count * cropHeight, 1, 4 * outSize,
    );
  }
  return arena.read(out, outSize);
}
