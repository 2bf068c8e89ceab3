import { expectDims, KernelArgumentError } from './checks.js';
import { COPY_WORK, type ElementArray, type ElementArrayType, elementName, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';

/** The element type all arrays share (throws when they differ). */
function commonType(name: string, arrays: readonly ElementArray[]): ElementArrayType {
  const types = arrays.map((a, i) => elementTypeOf(`${name}[${i}]`, a));
  const type = types[0] ?? Float32Array;
  const other = types.findIndex((t) => t !== type);
  if (other >= 0) throw new KernelArgumentError(`${name}[${other}]: got ${elementName(types[other]!)} elements, expected ${elementName(type)} like ${name}[0]`);
  return type;
}

/**
 * Concatenate along an axis, each input seen as [outer, inner_i] (inner_i = the product of its
 * dims from the axis on); the result is [outer, Σ inner_i]. Inputs share one element type
 * (Float32Array, Int32Array or Uint8Array for bool). Pack is this with a new axis of size 1.
 */
export function concat<T extends ElementArray>(kernels: FoveaKernels, inputs: readonly T[], outer: number): T {
  expectDims('outer', [outer]);
  const type = commonType('inputs', inputs);
  const inners = inputs.map((x, i) => {
    if (outer === 0 ? x.length !== 0 : x.length % outer !== 0) {
      throw new KernelArgumentError(`inputs[${i}]: got ${x.length} values, expected a multiple of outer (${outer})`);
    }
    return outer === 0 ? 0 : x.length / outer;
  });
  const total = inners.reduce((a, b) => a + b, 0);
  const { arena } = kernels;
  arena.reset();
  const ptrs = inputs.map((x) => arena.allocFrom(x));
  const table = arena.alloc(2 * inputs.length);
  const outPtr = arena.allocOf(outer * total, type);
  const view = new Int32Array(kernels.exports.memory.buffer, table, 2 * inputs.length);
  inputs.forEach((_, i) => {
    view[2 * i] = ptrs[i]!;
    view[2 * i + 1] = inners[i]!;
  });
  if (outer * total > 0) kernels.parallel('concat', [outPtr, inputs.length, table, type.BYTES_PER_ELEMENT], outer, 1, COPY_WORK * outer * total);
  return arena.read(outPtr, outer * total, type) as unknown as T;
}

/**
 * Split x, seen as [outer, Σ inners], into arrays [outer, inners[i]]: concat's inverse (SplitV;
 * Unpack with every inner the same).
 */
export function split<T extends ElementArray>(kernels: FoveaKernels, x: T, outer: number, inners: readonly number[]): T[] {
  const type = elementTypeOf('x', x);
  expectDims('outer', [outer]);
  expectDims('inners', inners);
  const total = inners.reduce((a, b) => a + b, 0);
  if (x.length !== outer * total) {
    throw new KernelArgumentError(`x: got ${x.length} values, expected ${outer * total} (outer ${outer} × the sum of inners ${total})`);
  }
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const table = arena.alloc(2 * inners.length);
  const ptrs = inners.map((inner) => arena.allocOf(outer * inner, type));
  const view = new Int32Array(kernels.exports.memory.buffer, table, 2 * inners.length);
  inners.forEach((inner, i) => {
    view[2 * i] = ptrs[i]!;
    view[2 * i + 1] = inner;
  });
  if (x.length > 0) kernels.parallel('split', [xPtr, inners.length, table, type.BYTES_PER_ELEMENT], outer, 1, COPY_WORK * x.length);
  return ptrs.map((ptr, i) => arena.read(ptr, outer * inners[i]!, type) as unknown as T);
}
