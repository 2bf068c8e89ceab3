// Shared by the layout and indexing kernel files: constant tensors (Fill, OnesLike, ZerosLike)
// and the test for a permutation that leaves the data in place.
import { type ElementType, fill } from '@foveajs/kernels-wasm';
import { type TensorInfo, util } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';

/** A new tensor of `shape` holding `value` (as its dtype: ToInt32 for int32, ≠ 0 for bool). */
export function constantTensor(backend: FoveaWasmBackend, shape: number[], value: number, dtype: ElementType): TensorInfo {
  return backend.result(shape, dtype, fill(backend.kernels, util.sizeFromShape(shape), value, dtype));
}

/** True when `perm` lists each of the axes 0 … rank−1 once. */
export function isPermutation(perm: readonly number[], rank: number): boolean {
  return Array.isArray(perm) && perm.length === rank && perm.every((p) => Number.isInteger(p) && p >= 0 && p < rank) && new Set(perm).size === rank;
}

/**
 * True when transposing `shape` by `perm` moves no element: the axes longer than 1 keep their
 * order (NHWC ↔ NCHW with a single channel, or a 1-row matrix), so the result can share x's data.
 */
export function keepsDataOrder(shape: readonly number[], perm: readonly number[]): boolean {
  let last = -1;
  for (const axis of perm) {
    if (shape[axis] === 1) continue;
    if (axis < last) return false;
    last = axis;
  }
  return true;
}
