import { ARRAY_TYPES, type ArrayOf, COPY_WORK, DTYPE_CODES, type ElementArray, type ElementType, elementName, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';
import { KernelArgumentError } from './checks.js';

/**
 * `x` (float32, int32 or bool elements) as `to`, as tfjs's cpu casts: to int32 as Int32Array.from
 * (truncation toward zero, wrapping modulo 2^32, NaN and ±Infinity to 0), to bool as x ≠ 0 (NaN
 * true), to float32 exactly (int32s beyond 2^24 rounded to nearest); to its own type, a copy.
 */
export function cast<T extends ElementType>(kernels: FoveaKernels, x: ElementArray, to: T): ArrayOf<T> {
  const from = elementName(elementTypeOf('x', x));
  const type = ARRAY_TYPES[to];
  if (type === undefined) throw new KernelArgumentError(`to: got '${String(to)}', expected 'float32', 'int32' or 'bool'`);
  const { arena } = kernels;
  arena.reset();
  const xPtr = x.length === 0 ? 0 : arena.allocFrom(x);
  const out = arena.allocOf(x.length, type);
  if (x.length > 0) kernels.parallel('cast', [xPtr, out, DTYPE_CODES[from], DTYPE_CODES[to]], x.length, 16, COPY_WORK * x.length);
  return arena.read(out, x.length, type);
}
