import { ARRAY_TYPES, DTYPE_CODES, type ElementType, elementNameOf } from './elements.js';
import type { ElementArray, ElementArrayType } from './heap.js';
import { KernelArgumentError } from './checks.js';
import type { FoveaKernels } from './loader.js';

/** The elementwise unary ops, by tfjs's op names; codes match assembly/unary_ops.ts. */
export const UNARY_OPS = {
  abs: 0,
  acos: 1,
  acosh: 2,
  asin: 3,
  asinh: 4,
  atan: 5,
  atanh: 6,
  ceil: 7,
  cos: 8,
  cosh: 9,
  erf: 10,
  exp: 11,
  expm1: 12,
  floor: 13,
  isFinite: 14,
  isInf: 15,
  isNaN: 16,
  log: 17,
  log1p: 18,
  logicalNot: 19,
  neg: 20,
  reciprocal: 21,
  round: 22,
  rsqrt: 23,
  selu: 24,
  sign: 25,
  sin: 26,
  sinh: 27,
  softplus: 28,
  tan: 29,
} as const;
export type UnaryOp = keyof typeof UNARY_OPS;

const TESTS: readonly UnaryOp[] = ['isFinite', 'isInf', 'isNaN'];
/** Ops whose float32 form is a few f32x4 instructions; the rest cost an f64 libm call per element. */
const CHEAP: readonly UnaryOp[] = ['abs', 'neg', 'ceil', 'floor', 'round', 'sign', 'reciprocal', 'rsqrt', 'isFinite', 'isInf', 'isNaN', 'logicalNot'];

/**
 * The result type of `op` on `type` as tfjs's cpu kernels give it (bool for the is* tests and
 * logicalNot, float32 for exp, else the input's type), or null where the kernel takes no such
 * input (logicalNot of numbers, numeric ops of bools).
 */
export function unaryResultType(op: UnaryOp, type: ElementType): ElementType | null {
  if (op === 'logicalNot') return type === 'bool' ? 'bool' : null;
  if (type === 'bool') return null;
  if (TESTS.includes(op)) return 'bool';
  if (op === 'exp') return 'float32';
  return type;
}

/** op(x) elementwise for a float32, int32 or bool x (see unaryResultType for what each takes and gives). */
export function unary(kernels: FoveaKernels, op: UnaryOp, x: ElementArray): ElementArray {
  const code = UNARY_OPS[op];
  if (code === undefined) throw new KernelArgumentError(`op: got '${op}', expected one of ${Object.keys(UNARY_OPS).join(', ')}`);
  const type = elementNameOf(x);
  const resultType = unaryResultType(op, type);
  if (resultType === null) throw new KernelArgumentError(`x: got ${type} values, which '${op}' does not take`);
  const outType: ElementArrayType = ARRAY_TYPES[resultType];
  const n = x.length;
  const { arena } = kernels;
  arena.reset();
  const xPtr = n === 0 ? 0 : arena.allocFrom(x);
  const out = arena.allocOf(n, outType);
  // Threads split runs of 16 elements; a SIMD element counts as four units of work, an f64 libm
  // call (or exp/log's polynomial) as forty.
  const perElement = type === 'float32' && CHEAP.includes(op) ? 4 : 40;
  if (n > 0) kernels.parallel('unaryRange', [xPtr, out, code, DTYPE_CODES[type]], n, 16, perElement * n);
  return arena.read(out, n, outType);
}
