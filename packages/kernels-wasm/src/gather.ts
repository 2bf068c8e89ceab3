import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import { COPY_WORK, type ElementArray, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';
import { stridesOf } from './strided_copy.js';

/**
 * GatherV2: slices of x (of `shape`) along `axis` picked by `indices` (int32, of `indicesShape`),
 * the first `batchDims` axes of indices and x matched. out shape: shape[:axis] +
 * indicesShape[batchDims:] + shape[axis + 1:]. Every index must lie in [0, shape[axis]).
 */
export function gather<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[],
  axis: number, batchDims = 0,
): T {
  elementTypeOf('x', x);
  expectDims('shape', shape);
  expectDims('indicesShape', indicesShape);
  expectLength('x', x, product(shape), `product of shape [${shape.join(', ')}]`);
  expectLength('indices', indices, product(indicesShape), `product of indicesShape [${indicesShape.join(', ')}]`);
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) throw new KernelArgumentError(`axis: got ${axis}, expected an axis in [0, ${shape.length - 1}]`);
  if (!Number.isInteger(batchDims) || batchDims < 0 || batchDims > axis || batchDims > indicesShape.length) {
    throw new KernelArgumentError(`batchDims: got ${batchDims}, expected an integer in [0, min(axis ${axis}, indices rank ${indicesShape.length})]`);
  }
  for (let i = 0; i < batchDims; i++) {
    if (shape[i] !== indicesShape[i]) throw new KernelArgumentError(`indicesShape: batch axis ${i} is ${indicesShape[i]}, x's is ${shape[i]}`);
  }
  const axisSize = shape[axis]!;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    if (index < 0 || index >= axisSize) throw new KernelArgumentError(`indices: got ${index} at ${i}, expected indices in [0, ${axisSize - 1}]`);
  }
  const batch = product(shape.slice(0, batchDims));
  const outer = product(shape.slice(batchDims, axis));
  const inner = product(shape.slice(axis + 1));
  const count = batch === 0 ? 0 : indices.length / batch;
  return gatherBlocks(kernels, x, indices, batch, outer, axisSize, count, inner);
}

/** out [batch, outer, count, inner] = x [batch, outer, axisSize, inner] at indices [batch, count]. */
function gatherBlocks<T extends ElementArray>(
  kernels: FoveaKernels, x: T, indices: Int32Array, batch: number, outer: number, axisSize: number, count: number, inner: number,
): T {
  const type = elementTypeOf('x', x);
  const outSize = batch * outer * count * inner;
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const indicesPtr = arena.allocFrom(indices);
  const out = arena.allocOf(outSize, type);
  if (outSize > 0) {
    kernels.parallel('gather', [xPtr, indicesPtr, out, outer, axisSize, count, inner, type.BYTES_PER_ELEMENT], batch * outer * count, 1, COPY_WORK * outSize);
  }
  return arena.read(out, outSize, type) as unknown as T;
}

/**
 * GatherNd: indices (int32, [..., r]) name slices of x (of `shape`) by their first r coordinates;
 * out shape: indicesShape[:-1] + shape[r:]. Every index must lie inside x.
 */
export function gatherNd<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[],
): T {
  const type = elementTypeOf('x', x);
  expectDims('shape', shape);
  expectDims('indicesShape', indicesShape);
  expectLength('x', x, product(shape), `product of shape [${shape.join(', ')}]`);
  expectLength('indices', indices, product(indicesShape), `product of indicesShape [${indicesShape.join(', ')}]`);
  const rank = indicesShape[indicesShape.length - 1];
  if (rank === undefined || rank > shape.length) {
    throw new KernelArgumentError(`indicesShape: got [${indicesShape.join(', ')}], expected rank ≥ 1 and a last axis of at most ${shape.length}`);
  }
  const count = product(indicesShape.slice(0, -1));
  const table = product(shape.slice(0, rank));
  const inner = product(shape.slice(rank));
  const outSize = count * inner;
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const rows = flatRowsIn(kernels, 'indices', indices, count, rank, shape);
  const out = arena.allocOf(outSize, type);
  if (outSize > 0) kernels.parallel('gather', [xPtr, rows, out, 1, table, count, inner, type.BYTES_PER_ELEMENT], count, 1, COPY_WORK * outSize);
  return arena.read(out, outSize, type) as unknown as T;
}

/**
 * In the current arena call: the flat row index (into the first `rank` axes of `shape`) of each of
 * `count` index tuples (the last axis of `indices`, `rank` long), as a scratch pointer. As in
 * tfjs's kernels, only the flat index is checked: it must name a row of the table (an
 * out-of-range coordinate that still lands inside passes); one that does not throws, naming it.
 */
export function flatRowsIn(kernels: FoveaKernels, name: string, indices: Int32Array, count: number, rank: number, shape: readonly number[]): number {
  const { arena } = kernels;
  const indicesPtr = arena.allocFrom(indices);
  const stridesPtr = arena.alloc(Math.max(rank, 1));
  const rows = arena.alloc(Math.max(count, 1));
  new Int32Array(kernels.exports.memory.buffer, stridesPtr, rank).set(stridesOf(shape.slice(0, rank)));
  const bad = count === 0 ? -1 : kernels.exports.flatIndices(indicesPtr, count, rank, stridesPtr, product(shape.slice(0, rank)), rows);
  if (bad >= 0) {
    throw new KernelArgumentError(`${name}: [${Array.from(indices.subarray(bad * rank, (bad + 1) * rank)).join(', ')}] does not index into [${shape.join(', ')}]`);
  }
  return rows;
}
