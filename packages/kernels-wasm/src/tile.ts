import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import { type ElementArray, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';

/** x (row-major, `shape`; float32, int32 or bool elements) repeated reps[i] times along each axis i; rank ≥ 1. */
export function tile<T extends ElementArray>(kernels: FoveaKernels, x: T, shape: readonly number[], reps: readonly number[]): T {
  const type = elementTypeOf('x', x);
  const rank = shape.length;
  if (rank === 0 || reps.length !== rank) {
    throw new KernelArgumentError(`reps: got ${reps.length} values for a rank-${rank} x, expected ${rank} (rank ≥ 1)`);
  }
  expectDims('shape', shape, true);
  expectDims('reps', reps, true);
  expectLength('x', x, product(shape), 'product of shape');
  const outShape = shape.map((d, i) => d * reps[i]!);
  const size = product(outShape);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.allocOf(size, type);
  const dimsPtr = arena.alloc(4 * rank);
  const dims = new Int32Array(kernels.exports.memory.buffer, dimsPtr, 4 * rank);
  let inStride = 1;
  let outStride = 1;
  for (let i = rank - 1; i >= 0; i--) {
    dims[i] = shape[i]!;
    dims[rank + i] = reps[i]!;
    dims[2 * rank + i] = inStride;
    dims[3 * rank + i] = outStride;
    inStride *= shape[i]!;
    outStride *= outShape[i]!;
  }
  kernels.exports.tile(xPtr, out, rank, dimsPtr, type.BYTES_PER_ELEMENT);
  return arena.read(out, size, type) as unknown as T;
}
