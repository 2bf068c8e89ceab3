import { expectDims, KernelArgumentError } from './checks.js';
import type { FoveaKernels } from './loader.js';

/** Softmax over the last axis of length `n` (x holds x.length / n rows). */
export function softmax(kernels: FoveaKernels, x: Float32Array, n: number): Float32Array {
  expectDims('n', [n], true);
  if (x.length % n !== 0) throw new KernelArgumentError(`x: got ${x.length} values, expected a multiple of n (${n})`);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const outPtr = arena.alloc(x.length);
  kernels.exports.softmax(xPtr, outPtr, x.length / n, n);
  return arena.read(outPtr, x.length);
}
