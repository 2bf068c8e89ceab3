import { numericTypeOf, type NumericType } from './binary.js';
import type { ElementArray, ElementArrayType } from './heap.js';
import type { FoveaKernels } from './loader.js';

const DTYPE_CODES: Record<NumericType, number> = { float32: 0, int32: 1, bool: 2 };
const TYPE_NAMES = new Map<ElementArrayType, NumericType>([[Float32Array, 'float32'], [Int32Array, 'int32'], [Uint8Array, 'bool']]);

/**
 * `values` as an array of `type`, converted as JS's typed-array constructors convert
 * (`new Float32Array(int32s)`: int32 and bytes to floats exactly below 2^24; floats to int32
 * truncated, NaN and ±Infinity to 0, wrapping mod 2^32; to bytes mod 256).
 */
export function convertElements<T extends ElementArray>(kernels: FoveaKernels, values: ElementArray, type: ElementArrayType<T>): T {
  const to = TYPE_NAMES.get(type);
  if (to === undefined) throw new Error(`type: got ${type.name}, expected Float32Array, Int32Array or Uint8Array`);
  const n = values.length;
  const { arena } = kernels;
  arena.reset();
  const xPtr = n === 0 ? 0 : arena.allocFrom(values);
  const out = arena.allocOf(n, type);
  // A load, a conversion and a store per element, counted as four units of work.
  if (n > 0) kernels.parallel('convertRange', [xPtr, out, DTYPE_CODES[numericTypeOf(values)], DTYPE_CODES[to]], n, 16, 4 * n);
  return arena.read(out, n, type);
}
