import { ARRAY_TYPES, type ArrayOf, COPY_WORK, elementName, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';
import { KernelArgumentError } from './checks.js';

/** assembly/cast.ts's modes. */
const CAST = { float32ToInt32: 0, float32ToBool: 1, int32ToBool: 2 } as const;

/**
 * The casts that change values: float32 → int32 (as Int32Array.from: truncation toward zero,
 * wrapping modulo 2^32, NaN and ±Infinity to 0) and float32 / int32 → bool (x ≠ 0, NaN true).
 * The others keep every value (a plain typed-array conversion does them).
 */
export function cast<T extends 'int32' | 'bool'>(kernels: FoveaKernels, x: Float32Array | Int32Array, to: T): ArrayOf<T> {
  const from = elementName(elementTypeOf('x', x));
  let mode: number;
  if (from === 'float32' && to === 'int32') mode = CAST.float32ToInt32;
  else if (from === 'float32' && to === 'bool') mode = CAST.float32ToBool;
  else if (from === 'int32' && to === 'bool') mode = CAST.int32ToBool;
  else throw new KernelArgumentError(`to: cannot cast ${from} to '${to}' here, expected float32 → int32 / bool or int32 → bool`);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const type = ARRAY_TYPES[to];
  const out = arena.allocOf(x.length, type);
  if (x.length > 0) kernels.parallel('cast', [xPtr, out, mode], x.length, 16, COPY_WORK * x.length);
  return arena.read(out, x.length, type);
}
