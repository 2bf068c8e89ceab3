import { ARRAY_TYPES, DTYPE_CODES, type ElementType, elementName, elementNameOf, elementTypeOf } from './elements.js';
import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import type { ElementArray, ElementArrayType } from './heap.js';
import type { FoveaKernels } from './loader.js';

export type ReduceOp = 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'all' | 'any';
/** The kernel's op codes (assembly/reduce.ts). */
export const REDUCE_OP_CODES: Record<ReduceOp, number> = { sum: 0, mean: 1, max: 2, min: 3, prod: 4, all: 5, any: 6 };

/**
 * The result type of reducing `type` by `op`, as tfjs's cpu kernels give it (mean: float32; sum
 * and prod: int32 for int32 and bool; max, min: the input's), or null where the kernel takes no
 * such input (all / any of numbers).
 */
export function reduceResultType(op: ReduceOp, type: ElementType): ElementType | null {
  if (op === 'all' || op === 'any') return type === 'bool' ? 'bool' : null;
  if (op === 'mean') return 'float32';
  if ((op === 'sum' || op === 'prod') && type === 'bool') return 'int32';
  return type;
}

/**
 * A reduction of a tensor over any set of axes, merged into the kernel's form (assembly/reduce.ts):
 * element keptOffset(o) + reducedOffset(r) + j + i for output row o, reduced position r, j < run
 * and i < inner. Offsets come from a stride where the kept (reduced) axes outside the innermost
 * one merge into one, else from a table of element offsets.
 */
export interface ReductionPlan {
  /** x's size. */
  size: number;
  /** Output rows; the output holds outer·inner values (x's shape without the reduced axes). */
  outer: number;
  inner: number;
  run: number;
  reducedCount: number;
  keptStride: number;
  keptOffsets: Int32Array | null;
  reducedStride: number;
  reducedOffsets: Int32Array | null;
}

/** Element offsets of every position of `dims` (sizes and strides), in row-major order. */
function offsetTable(dims: Array<{ size: number; stride: number }>): Int32Array {
  const table = new Int32Array(product(dims.map((d) => d.size)));
  let at = 0;
  const fill = (d: number, base: number) => {
    if (d === dims.length) {
      table[at++] = base;
      return;
    }
    const { size, stride } = dims[d]!;
    for (let k = 0; k < size; k++) fill(d + 1, base + k * stride);
  };
  fill(0, 0);
  return table;
}

/** The plan of reducing `shape` over `axes` (negative axes count from the end; an empty list reduces nothing). */
export function reductionPlan(shape: readonly number[], axes: readonly number[]): ReductionPlan {
  expectDims('shape', shape);
  const rank = shape.length;
  const reduced = new Set<number>();
  for (const axis of axes) {
    const a = axis < 0 ? axis + rank : axis;
    if (!Number.isInteger(a) || a < 0 || a >= rank || reduced.has(a)) {
      throw new KernelArgumentError(`axes: got [${axes.join(', ')}], expected distinct axes of a rank-${rank} shape`);
    }
    reduced.add(a);
  }
  // Axes larger than 1, with their strides, merged where neighbours are both kept or both reduced.
  const dims: Array<{ size: number; stride: number; reduced: boolean }> = [];
  let stride = 1;
  for (let a = rank - 1; a >= 0; a--) {
    const size = shape[a]!;
    if (size !== 1) {
      const isReduced = reduced.has(a);
      const first = dims[0];
      if (first !== undefined && first.reduced === isReduced && first.stride * first.size === stride) first.size *= size;
      else dims.unshift({ size, stride, reduced: isReduced });
    }
    stride *= size;
  }
  const tail = dims[dims.length - 1];
  const inner = tail !== undefined && !tail.reduced ? tail.size : 1;
  const run = tail?.reduced ? tail.size : 1;
  const rest = tail === undefined ? [] : dims.slice(0, -1);
  const kept = rest.filter((d) => !d.reduced);
  const reducedDims = rest.filter((d) => d.reduced);
  return {
    size: product(shape),
    outer: product(kept.map((d) => d.size)),
    inner,
    run,
    reducedCount: product(reducedDims.map((d) => d.size)),
    keptStride: kept.length === 1 ? kept[0]!.stride : 0,
    keptOffsets: kept.length > 1 ? offsetTable(kept) : null,
    reducedStride: reducedDims.length === 1 ? reducedDims[0]!.stride : 0,
    reducedOffsets: reducedDims.length > 1 ? offsetTable(reducedDims) : null,
  };
}

/** The values tfjs's cpu gives when the reduced axes are empty (size 0): its loops never run. */
function emptyValue(op: ReduceOp, type: ElementType): number {
  if (op === 'prod') return 1;
  if ((op === 'max' || op === 'min') && type === 'float32') return Number.NaN;
  return 0;
}

/**
 * `op` of x (float32, int32 or bool values) under `plan` (from reductionPlan); the result has
 * plan.outer·plan.inner values of reduceResultType(op, x's type). Sum, mean and prod accumulate in
 * f64; max and min propagate NaN.
 */
export function reduce(kernels: FoveaKernels, x: ElementArray, op: ReduceOp, plan: ReductionPlan): ElementArray {
  const code = REDUCE_OP_CODES[op];
  if (code === undefined) throw new KernelArgumentError(`op: got '${op}', expected one of ${Object.keys(REDUCE_OP_CODES).join(', ')}`);
  const type = elementName(elementTypeOf('x', x));
  const resultType = reduceResultType(op, type);
  if (resultType === null) throw new KernelArgumentError(`x: got ${type} values, which '${op}' does not take`);
  expectLength('x', x, plan.size, 'the size of the planned shape');
  const outType: ElementArrayType = ARRAY_TYPES[resultType];
  const n = plan.outer * plan.inner;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(n, outType);
  if (plan.size === 0) {
    const result = arena.read(out, n, outType);
    result.fill(emptyValue(op, type));
    return result;
  }
  const xPtr = arena.allocFrom(x);
  const kept = plan.keptOffsets === null ? 0 : arena.int32s(plan.keptOffsets);
  const reduced = plan.reducedOffsets === null ? 0 : arena.int32s(plan.reducedOffsets);
  const args = [
    xPtr, out, code, DTYPE_CODES[type], DTYPE_CODES[resultType], kept, plan.keptStride, reduced, plan.reducedStride, plan.reducedCount,
    plan.run, plan.inner,
  ];
  // Threads split output rows; an element read counts as two units of work (four for f64 products).
  kernels.parallel('reduceRange', args, plan.outer, 1, (op === 'prod' ? 4 : 2) * plan.size);
  return arena.read(out, n, outType) as Float32Array | Int32Array;
}

/**
 * ArgMax / ArgMin of x (float32, int32 or bool; shape [outer, reduced, inner]) over its middle
 * axis: int32 indices [outer, inner], the first index of the extreme as tfjs's cpu loop finds it
 * (NaN never wins, unless it comes first).
 */
export function argReduce(kernels: FoveaKernels, x: ElementArray, op: 'max' | 'min', outer: number, reduced: number, inner: number): Int32Array {
  if (op !== 'max' && op !== 'min') throw new KernelArgumentError(`op: got '${op}', expected 'max' or 'min'`);
  elementTypeOf('x', x);
  expectDims('[outer, reduced, inner]', [outer, reduced, inner]);
  expectLength('x', x, outer * reduced * inner, 'outer·reduced·inner');
  if (reduced < 1) throw new KernelArgumentError(`reduced: got ${reduced}, expected at least 1 (an empty axis has no arg max)`);
  const n = outer * inner;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(n, Int32Array);
  if (n > 0) {
    const xPtr = arena.allocFrom(x);
    kernels.parallel('argReduceRange', [xPtr, out, op === 'max' ? 1 : 0, DTYPE_CODES[elementNameOf(x)], reduced, inner], outer, 1, 2 * x.length);
  }
  return arena.read(out, n, Int32Array);
}

/**
 * Cumulative sum or product of x (float32, int32 or bool; shape [outer, n, inner]) along its
 * middle axis, inclusive or exclusive, forwards or reversed, as tfjs's cpu computes it: float32
 * step by step in f32, int32 wrapping; bool gives int32.
 */
export function cumulative(
  kernels: FoveaKernels, x: ElementArray, op: 'sum' | 'prod', outer: number, n: number, inner: number, exclusive = false, reverse = false,
): Float32Array | Int32Array {
  if (op !== 'sum' && op !== 'prod') throw new KernelArgumentError(`op: got '${op}', expected 'sum' or 'prod'`);
  elementTypeOf('x', x);
  expectDims('[outer, n, inner]', [outer, n, inner]);
  expectLength('x', x, outer * n * inner, 'outer·n·inner');
  const type = elementNameOf(x);
  const outType: ElementArrayType = type === 'float32' ? Float32Array : Int32Array;
  const size = x.length;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(size, outType);
  if (size > 0) {
    const xPtr = arena.allocFrom(x);
    const args = [xPtr, out, op === 'sum' ? 0 : 1, DTYPE_CODES[type], n, inner, exclusive ? 1 : 0, reverse ? 1 : 0];
    kernels.parallel('cumulativeRange', args, outer, 1, 2 * size);
  }
  return arena.read(out, size, outType) as Float32Array | Int32Array;
}

/** inputs[0] + … + inputs[k − 1] elementwise (float32 or int32, all of one length and type), added in order. */
export function addN(kernels: FoveaKernels, inputs: readonly ElementArray[]): Float32Array | Int32Array {
  const first = inputs[0];
  if (first === undefined) throw new KernelArgumentError('inputs: got an empty list, expected at least one array');
  const type = elementName(elementTypeOf('inputs[0]', first));
  if (type === 'bool') throw new KernelArgumentError('inputs: got bool values, expected float32 or int32');
  inputs.forEach((values, i) => {
    if (elementNameOf(values) !== type) throw new KernelArgumentError(`inputs[${i}]: got ${elementNameOf(values)} values, expected ${type} like inputs[0]`);
    expectLength(`inputs[${i}]`, values, first.length, 'the length of inputs[0]');
  });
  const outType: ElementArrayType = type === 'float32' ? Float32Array : Int32Array;
  const n = first.length;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(n, outType);
  if (n > 0) {
    const table = arena.int32s(inputs.map((values) => arena.allocFrom(values)));
    kernels.parallel('addNRange', [out, table, inputs.length, DTYPE_CODES[type]], n, 16, 2 * n * inputs.length);
  }
  return arena.read(out, n, outType) as Float32Array | Int32Array;
}
