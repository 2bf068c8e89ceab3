import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import { type ElementArray, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';
import { runStridedCopy, stridesOf } from './strided_copy.js';

/**
 * Pad x (of `shape`) with its own mirror image: 'reflect' leaves the edge out (abc|ba), 'symmetric'
 * repeats it (abc|cb). paddings[i] = [before, after], each below the axis' size for 'reflect' and
 * at most its size for 'symmetric'.
 */
export function mirrorPad<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], paddings: ReadonlyArray<readonly [number, number]>, mode: 'reflect' | 'symmetric',
): T {
  const type = elementTypeOf('x', x);
  expectDims('shape', shape);
  expectLength('x', x, product(shape), `product of shape [${shape.join(', ')}]`);
  if (mode !== 'reflect' && mode !== 'symmetric') throw new KernelArgumentError(`mode: got '${mode}', expected 'reflect' or 'symmetric'`);
  if (paddings.length !== shape.length) throw new KernelArgumentError(`paddings: got ${paddings.length} pairs, expected one per axis (${shape.length})`);
  const offset = mode === 'reflect' ? 0 : 1;
  paddings.forEach((p, i) => {
    expectDims(`paddings[${i}]`, p);
    const limit = shape[i]! - 1 + offset;
    if (p[0] > limit || p[1] > limit) {
      throw new KernelArgumentError(`paddings[${i}]: got [${p.join(', ')}], expected each at most ${limit} for an axis of ${shape[i]} ('${mode}')`);
    }
  });
  const rank = shape.length;
  const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const outSize = product(outShape);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.allocOf(outSize, type);
  if (outSize > 0 && x.length > 0) {
    const outStrides = stridesOf(outShape);
    const xStrides = stridesOf(shape);
    const centre = paddings.reduce((sum, p, i) => sum + p[0] * outStrides[i]!, 0);
    const bytes = type.BYTES_PER_ELEMENT;
    runStridedCopy(kernels, xPtr, out + centre * bytes, shape.map((count, i) => ({ count, srcStride: xStrides[i]!, dstStride: outStrides[i]! })), type);
    const shapes = arena.alloc(3 * Math.max(rank, 1));
    new Int32Array(kernels.exports.memory.buffer, shapes, 3 * rank).set([...shape, ...outShape, ...paddings.map((p) => p[0])]);
    kernels.exports.mirrorPad(out, rank, shapes, offset, bytes);
  }
  return arena.read(out, outSize, type) as unknown as T;
}
