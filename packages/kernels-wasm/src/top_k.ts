import { expectDims, KernelArgumentError } from './checks.js';
import { elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';

export interface TopKResult<T extends Float32Array | Int32Array> {
  values: T;
  indices: Int32Array;
}

/**
 * The k largest of each row of x (rows of `n`, the last axis), sorted descending, ties to the
 * lower index, as tf.topk; NaN ranks above +Infinity. Small k takes one pass with a k-entry heap
 * (most elements only meet a SIMD comparison); large k a quickselect. Threads split the rows.
 */
export function topK<T extends Float32Array | Int32Array>(kernels: FoveaKernels, x: T, n: number, k: number): TopKResult<T> {
  const type = elementTypeOf('x', x);
  if (type === Uint8Array) throw new KernelArgumentError('x: got a Uint8Array (bool), expected a Float32Array or Int32Array');
  expectDims('n', [n], true);
  if (x.length % n !== 0) throw new KernelArgumentError(`x: got ${x.length} values, expected a multiple of n (${n})`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new KernelArgumentError(`k: got ${k}, expected an integer in [0, ${n}]`);
  const rows = x.length / n;
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const values = arena.allocOf(rows * k, type);
  const indices = arena.allocOf(rows * k, Int32Array);
  // assembly/top_k.ts's choice of pass, which sets the scratch a row needs: 8 bytes a key.
  const heapPass = k <= 512 && k <= n >> 3;
  const scratchBytes = Math.ceil((8 * (heapPass ? k : n)) / 64) * 64;
  const parts = Math.max(1, Math.min(rows, kernels.threads));
  const scratch = arena.alloc((parts * scratchBytes) / 4);
  if (rows > 0 && k > 0) {
    kernels.parallel('topK', [xPtr, values, indices, n, k, type === Int32Array ? 1 : 0, scratch, scratchBytes], rows, 1, x.length);
  }
  return {
    values: arena.read(values, rows * k, type) as unknown as T,
    indices: arena.read(indices, rows * k, Int32Array),
  };
}
