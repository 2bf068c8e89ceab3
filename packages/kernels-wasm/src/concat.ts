import { expectDims } from './checks.js';
import type { FoveaKernels } from './loader.js';

/**
 * Concatenate along an axis, each input seen as [outer, inner_i] (inner_i = the product of its
 * dims from the axis on); the result is [outer, Σ inner_i].
 */
export function concat(kernels: FoveaKernels, inputs: readonly Float32Array[], outer: number): Float32Array {
  expectDims('outer', [outer], true);
  const inners = inputs.map((x, i) => {
    if (x.length % outer !== 0) {
      throw new Error(`inputs[${i}]: got ${x.length} values, expected a multiple of outer (${outer})`);
    }
    return x.length / outer;
  });
  const total = inners.reduce((a, b) => a + b, 0);
  const { arena } = kernels;
  arena.reset();
  const ptrs = inputs.map((x) => arena.allocFrom(x));
  const table = arena.alloc(2 * inputs.length);
  const outPtr = arena.alloc(outer * total);
  const view = new Int32Array(kernels.exports.memory.buffer, table, 2 * inputs.length);
  inputs.forEach((_, i) => {
    view[2 * i] = ptrs[i]!;
    view[2 * i + 1] = inners[i]!;
  });
  kernels.exports.concat(outPtr, outer, inputs.length, table);
  return arena.read(outPtr, outer * total);
}
