import { ARRAY_TYPES, DTYPE_CODES, type ElementType, elementName, elementNameOf, elementTypeOf } from './elements.js';
import { expectLength, KernelArgumentError, product } from './checks.js';
import type { ElementArray, ElementArrayType } from './heap.js';
import type { FoveaKernels } from './loader.js';

/** The elementwise binary ops, by tfjs's op names; codes match assembly/binary.ts. */
export const BINARY_OPS = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
  pow: 6,
  squaredDifference: 7,
  atan2: 8,
  mod: 9,
  floorDiv: 10,
  equal: 11,
  notEqual: 12,
  greater: 13,
  greaterEqual: 14,
  less: 15,
  lessEqual: 16,
  logicalAnd: 17,
  logicalOr: 18,
  logicalXor: 19,
  bitwiseAnd: 20,
} as const;
export type BinaryOp = keyof typeof BINARY_OPS;


const COMPARISONS: readonly BinaryOp[] = ['equal', 'notEqual', 'greater', 'greaterEqual', 'less', 'lessEqual'];
const LOGICAL: readonly BinaryOp[] = ['logicalAnd', 'logicalOr', 'logicalXor'];
const INT32_ONLY: readonly BinaryOp[] = ['bitwiseAnd'];

/**
 * The result type of `op` on operands of type `type` (tfjs's cpu kernels: comparisons and logical
 * ops give bool, floorDiv int32, the rest the operands' type), or null where the kernel has no
 * such variant (arithmetic on bools, logical ops on numbers, bitwiseAnd on floats).
 */
export function binaryResultType(op: BinaryOp, type: ElementType): ElementType | null {
  if (LOGICAL.includes(op)) return type === 'bool' ? 'bool' : null;
  if (COMPARISONS.includes(op)) return 'bool';
  if (type === 'bool') return null;
  if (INT32_ONLY.includes(op)) return type === 'int32' ? 'int32' : null;
  if (op === 'floorDiv') return 'int32';
  return type;
}

/** How a row's operands line up (codes match assembly/binary.ts). */
export const ROW_MODE = { same: 0, aScalar: 1, bScalar: 2 } as const;
export type RowMode = keyof typeof ROW_MODE;

/**
 * a ⊙ b broadcast as tfjs does, collapsed into rows: each row is `inner` output elements in
 * which each operand is contiguous or one repeated value (`mode`); the rows are the outer index
 * space `outerShape`, where `aStrides` / `bStrides` (in elements, 0 along broadcast dims) place
 * each row's operands. Same-shape and scalar operands are a single row (`outerShape` empty).
 */
export interface BroadcastPlan {
  outShape: number[];
  aSize: number;
  bSize: number;
  inner: number;
  mode: RowMode;
  outerShape: number[];
  aStrides: number[];
  bStrides: number[];
}

/** tfjs's broadcast shape of a and b, or null when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** The broadcast plan of a ⊙ b (any shapes tfjs broadcasts), or null when they do not broadcast. */
export function planBroadcast(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | null {
  const outShape = broadcastShape(aShape, bShape);
  if (outShape === null) return null;
  const rank = outShape.length;
  // Output dims larger than 1, merged into runs where a and b broadcast alike.
  const dims: Array<{ size: number; aBroadcast: boolean; bBroadcast: boolean }> = [];
  for (let i = 0; i < rank; i++) {
    const size = outShape[i]!;
    if (size === 1) continue;
    const aBroadcast = (aShape[aShape.length - rank + i] ?? 1) === 1;
    const bBroadcast = (bShape[bShape.length - rank + i] ?? 1) === 1;
    const last = dims[dims.length - 1];
    if (last !== undefined && last.aBroadcast === aBroadcast && last.bBroadcast === bBroadcast) last.size *= size;
    else dims.push({ size, aBroadcast, bBroadcast });
  }
  const innerDim = dims.pop();
  const inner = innerDim?.size ?? 1;
  const mode: RowMode = innerDim?.aBroadcast ? 'aScalar' : innerDim?.bBroadcast ? 'bScalar' : 'same';
  const outerShape = dims.map((d) => d.size);
  const aStrides = new Array<number>(dims.length);
  const bStrides = new Array<number>(dims.length);
  let aStride = innerDim === undefined || innerDim.aBroadcast ? 1 : inner;
  let bStride = innerDim === undefined || innerDim.bBroadcast ? 1 : inner;
  for (let d = dims.length - 1; d >= 0; d--) {
    const { size, aBroadcast, bBroadcast } = dims[d]!;
    aStrides[d] = aBroadcast ? 0 : aStride;
    bStrides[d] = bBroadcast ? 0 : bStride;
    if (!aBroadcast) aStride *= size;
    if (!bBroadcast) bStride *= size;
  }
  return { outShape, aSize: product(aShape), bSize: product(bShape), inner, mode, outerShape, aStrides, bStrides };
}

/**
 * a op b elementwise under `plan` (from planBroadcast). a and b have one element type (Float32Array,
 * Int32Array or Uint8Array for bool); the result's type is binaryResultType(op, that type).
 */
export function binary(kernels: FoveaKernels, op: BinaryOp, a: ElementArray, b: ElementArray, plan: BroadcastPlan): ElementArray {
  const code = BINARY_OPS[op];
  if (code === undefined) throw new KernelArgumentError(`op: got '${op}', expected one of ${Object.keys(BINARY_OPS).join(', ')}`);
  const type = elementName(elementTypeOf('a', a));
  if (elementName(elementTypeOf('b', b)) !== type) throw new KernelArgumentError(`b: got a ${elementNameOf(b)} array, expected ${type} like a`);
  const resultType = binaryResultType(op, type);
  if (resultType === null) throw new KernelArgumentError(`a: got ${type} values, which '${op}' does not take`);
  expectLength('a', a, plan.aSize, 'the size of its shape');
  expectLength('b', b, plan.bSize, 'the size of its shape');
  const outType: ElementArrayType = ARRAY_TYPES[resultType];
  const n = product(plan.outShape);
  const { arena } = kernels;
  arena.reset();
  if (n === 0) return arena.read(arena.alloc(1), 0, outType);
  const aPtr = arena.allocFrom(a);
  const bPtr = arena.allocFrom(b);
  const outPtr = arena.allocOf(n, outType);
  const rank = plan.outerShape.length;
  const dims = rank === 0 ? 0 : arena.int32s([...plan.outerShape, ...plan.aStrides, ...plan.bStrides]);
  // A row index per participant (at most 32: MAX_WORKERS + 1).
  const counters = rank === 0 ? 0 : arena.alloc(rank * 32);
  const args = [aPtr, bPtr, outPtr, code, DTYPE_CODES[type], plan.inner, ROW_MODE[plan.mode], rank, dims, counters];
  // One row: threads split it into runs of 16 elements (whole SIMD steps); else by rows. An
  // element costs a load or two and a store, counted as four against the threshold below which
  // one thread runs alone (as for depthwise); the f64 libm ops count as forty.
  const perElement = code === BINARY_OPS.pow || code === BINARY_OPS.atan2 || code === BINARY_OPS.mod ? 40 : 4;
  if (rank === 0) kernels.parallel('binaryRange', args, n, 16, perElement * n);
  else kernels.parallel('binaryRange', args, n / plan.inner, Math.max(1, Math.ceil(64 / plan.inner)), perElement * n);
  return arena.read(outPtr, n, outType);
}
