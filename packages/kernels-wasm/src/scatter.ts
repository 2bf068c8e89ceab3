import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import { type ElementArray, type ElementArrayType, elementName, elementTypeOf } from './elements.js';
import { flatRowsIn } from './gather.js';
import type { FoveaKernels } from './loader.js';
import { fillRaw } from './strided_copy.js';

/** assembly/scatter.ts's modes. */
const SCATTER = { set: 0, addFloat32: 1, addInt32: 2, addBool: 3 } as const;

/** Shared checks: indices [..., r] into `shape`, updates [...indices[:-1], ...shape[r:]]. */
function checkScatter(indices: Int32Array, indicesShape: readonly number[], updates: ElementArray, shape: readonly number[]): { count: number; rank: number; inner: number } {
  expectDims('shape', shape);
  expectDims('indicesShape', indicesShape);
  expectLength('indices', indices, product(indicesShape), `product of indicesShape [${indicesShape.join(', ')}]`);
  const rank = indicesShape[indicesShape.length - 1];
  if (rank === undefined || rank > shape.length) {
    throw new KernelArgumentError(`indicesShape: got [${indicesShape.join(', ')}], expected rank ≥ 1 and a last axis of at most ${shape.length}`);
  }
  const count = product(indicesShape.slice(0, -1));
  const inner = product(shape.slice(rank));
  expectLength('updates', updates, count * inner, `${count} updates of ${inner} elements`);
  return { count, rank, inner };
}

function run<T extends ElementArray>(
  kernels: FoveaKernels, base: T | undefined, type: ElementArrayType, shape: readonly number[], indices: Int32Array,
  { count, rank, inner }: { count: number; rank: number; inner: number }, updates: ElementArray, mode: number,
): T {
  const size = product(shape);
  const { arena } = kernels;
  arena.reset();
  const updatesPtr = arena.allocFrom(updates);
  const rows = flatRowsIn(kernels, 'indices', indices, count, rank, shape);
  const out = arena.allocOf(size, type);
  if (size > 0) {
    if (base === undefined) fillRaw(kernels, out, size, 0, type);
    else new type(kernels.exports.memory.buffer, out, size).set(base);
    if (count > 0 && inner > 0) kernels.exports.scatter(out, updatesPtr, rows, count, inner, type.BYTES_PER_ELEMENT, mode);
  }
  return arena.read(out, size, type) as unknown as T;
}

/**
 * ScatterNd: zeros of `shape` with each update's row added at its index (indices int32
 * [..., r] naming the first r coordinates; duplicates add up, in order, as in tfjs).
 */
export function scatterNd<T extends ElementArray>(
  kernels: FoveaKernels, indices: Int32Array, indicesShape: readonly number[], updates: T, shape: readonly number[],
): T {
  const type = elementTypeOf('updates', updates);
  const checked = checkScatter(indices, indicesShape, updates, shape);
  const mode = type === Float32Array ? SCATTER.addFloat32 : type === Int32Array ? SCATTER.addInt32 : SCATTER.addBool;
  return run<T>(kernels, undefined, type, shape, indices, checked, updates, mode);
}

/** TensorScatterUpdate: a copy of `tensor` (of `shape`) with the rows at `indices` replaced by updates (the last one wins). */
export function tensorScatterUpdate<T extends ElementArray>(
  kernels: FoveaKernels, tensor: T, shape: readonly number[], indices: Int32Array, indicesShape: readonly number[], updates: T,
): T {
  const type = elementTypeOf('tensor', tensor);
  const updatesType = elementTypeOf('updates', updates);
  if (updatesType !== type) throw new KernelArgumentError(`updates: got ${elementName(updatesType)} elements, expected ${elementName(type)} like tensor`);
  expectLength('tensor', tensor, product(shape), `product of shape [${shape.join(', ')}]`);
  const checked = checkScatter(indices, indicesShape, updates, shape);
  return run(kernels, tensor, type, shape, indices, checked, updates, SCATTER.set);
}
