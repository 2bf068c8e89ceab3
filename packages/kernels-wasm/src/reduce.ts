import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import type { FoveaKernels } from './loader.js';

export type ReduceOp = 'sum' | 'mean' | 'max';
/** The kernel's op codes (assembly/reduce.ts). */
export const REDUCE_OP_CODES: Record<ReduceOp, number> = { sum: 0, mean: 1, max: 2 };

/** A reduction seen as x[outer, reduced, inner] → out[outer, inner]. */
export interface ReductionBlock {
  outer: number;
  reduced: number;
  inner: number;
}

/**
 * The block form of reducing `shape` over `axes` when the axes are one contiguous run (e.g. H,W
 * of NHWC, or the last axis); null when they are not, or when any size is zero.
 */
export function reductionBlock(shape: readonly number[], axes: readonly number[]): ReductionBlock | null {
  if (axes.length === 0 || shape.some((d) => d === 0)) return null;
  const sorted = [...axes].map((a) => (a < 0 ? a + shape.length : a)).sort((a, b) => a - b);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (first < 0 || last >= shape.length || last - first + 1 !== sorted.length) return null;
  if (new Set(sorted).size !== sorted.length) return null;
  return {
    outer: product(shape.slice(0, first)),
    reduced: product(shape.slice(first, last + 1)),
    inner: product(shape.slice(last + 1)),
  };
}

/** Sum, mean or max of x[outer, reduced, inner] over the middle axis; returns outer·inner floats. */
export function reduce(kernels: FoveaKernels, x: Float32Array, op: ReduceOp, block: ReductionBlock): Float32Array {
  const code = REDUCE_OP_CODES[op];
  if (code === undefined) throw new KernelArgumentError(`op: got '${op}', expected 'sum', 'mean' or 'max'`);
  const { outer, reduced, inner } = block;
  expectDims('block', [outer, reduced, inner], true);
  expectLength('x', x, outer * reduced * inner, 'outer·reduced·inner');
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const outPtr = arena.alloc(outer * inner);
  kernels.exports.reduce(xPtr, outPtr, code, outer, reduced, inner);
  return arena.read(outPtr, outer * inner);
}
