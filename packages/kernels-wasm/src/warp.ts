import { elementNameOf } from './elements.js';
import { expectDims, expectLength, KernelArgumentError } from './checks.js';
import type { ElementArrayType } from './heap.js';
import type { FoveaKernels } from './loader.js';

type Image = Float32Array | Int32Array;

function imageType(name: string, image: Image): 'float32' | 'int32' {
  const type = elementNameOf(image);
  if (type === 'bool') throw new KernelArgumentError(`${name}: got bool values, expected float32 or int32`);
  return type;
}

/**
 * tfjs's rotateWithOffset of image [batch, H, W, C] (float32 or int32): each pixel takes the nearest
 * pixel of the grid rotated by `radians` about (centerX, centerY) in pixels, else fill[c] (one
 * value per channel, as the cpu stores it in the image's type).
 */
export function rotateWithOffset<T extends Image>(
  kernels: FoveaKernels, image: T, shape: readonly [number, number, number, number], radians: number, centerX: number, centerY: number,
  fill: readonly number[],
): T {
  const [batch, H, W, C] = shape;
  expectDims('shape', shape);
  expectLength('image', image, batch * H * W * C, 'batch·H·W·C');
  expectLength('fill', fill, C, 'one value per channel');
  imageType('image', image);
  const Type = image.constructor as ElementArrayType<T>;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(image.length, Type);
  if (image.length > 0) {
    const fillPtr = arena.copyIn(new Type(fill));
    const args = [arena.allocFrom(image), out, H, W, C, centerX, centerY, Math.sin(radians), Math.cos(radians), fillPtr];
    kernels.parallel('rotateWithOffsetRows', args, batch * H, 1, 8 * image.length);
  }
  return arena.read(out, image.length, Type);
}

const FILL_MODES = { constant: 0, reflect: 1, wrap: 2, nearest: 3 } as const;

/**
 * tfjs's Transform of image [batch, H, W, C] (float32 or int32) by projective transforms (8 floats
 * per image, or one set for all) into [batch, outH, outW, C], nearest or bilinear, with tfjs's
 * fill modes.
 */
export function transform<T extends Image>(
  kernels: FoveaKernels, image: T, shape: readonly [number, number, number, number], transforms: Float32Array, outHeight: number, outWidth: number,
  interpolation: 'nearest' | 'bilinear', fillMode: keyof typeof FILL_MODES, fillValue: number,
): T {
  const [batch, H, W, C] = shape;
  expectDims('shape', [...shape, outHeight, outWidth]);
  expectLength('image', image, batch * H * W * C, 'batch·H·W·C');
  if (transforms.length !== 8 && transforms.length !== 8 * batch) {
    throw new KernelArgumentError(`transforms: got ${transforms.length} values, expected 8 or 8·batch (${8 * batch})`);
  }
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') {
    throw new KernelArgumentError(`interpolation: got '${interpolation}', expected 'nearest' or 'bilinear'`);
  }
  const mode = FILL_MODES[fillMode];
  if (mode === undefined) throw new KernelArgumentError(`fillMode: got '${fillMode}', expected ${Object.keys(FILL_MODES).join(', ')}`);
  const type = imageType('image', image);
  const Type = image.constructor as ElementArrayType<T>;
  const n = batch * outHeight * outWidth * C;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(n, Type);
  if (n > 0) {
    const args = [
      arena.allocFrom(image), arena.allocFrom(transforms), out, type === 'float32' ? 0 : 1, H, W, C, outHeight, outWidth,
      transforms.length === 8 ? 1 : batch, interpolation === 'bilinear' ? 1 : 0, mode, fillValue,
    ];
    kernels.parallel('transformRows', args, batch * outHeight, 1, 40 * n);
  }
  return arena.read(out, n, Type);
}
