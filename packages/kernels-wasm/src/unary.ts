import type { FoveaKernels } from './loader.js';

/** max(x, 0) elementwise. */
export function relu(kernels: FoveaKernels, x: Float32Array): Float32Array {
  const { arena } = kernels;
  arena.reset();
  const ptr = arena.allocFrom(x);
  kernels.exports.relu(ptr, ptr, x.length);
  return arena.read(ptr, x.length);
}
