import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import type { FoveaKernels } from './loader.js';

/** Pad x (of `shape`) with `constantValue`; paddings[i] = [before, after] for axis i. */
export function pad(
  kernels: FoveaKernels, x: Float32Array, shape: readonly number[],
  paddings: ReadonlyArray<readonly [number, number]>, constantValue = 0,
): Float32Array {
  expectDims('shape', shape);
  expectLength('x', x, product(shape), `product of shape [${shape.join(', ')}]`);
  if (paddings.length !== shape.length || shape.length === 0) {
    throw new KernelArgumentError(`paddings: got ${paddings.length} pairs, expected one per axis (${shape.length}), at least one`);
  }
  for (const [i, p] of paddings.entries()) expectDims(`paddings[${i}]`, p);
  const rank = shape.length;
  const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  const outSize = product(outShape);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const outPtr = arena.alloc(outSize);
  const shapes = arena.alloc(3 * rank);
  const counter = arena.alloc(rank);
  new Int32Array(kernels.exports.memory.buffer, shapes, 3 * rank).set([...shape, ...outShape, ...paddings.map((p) => p[0])]);
  kernels.exports.pad(xPtr, outPtr, rank, shapes, counter, outSize, constantValue);
  return arena.read(outPtr, outSize);
}
