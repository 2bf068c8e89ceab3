// The element types of the layout and indexing kernels: tfjs's float32, int32 and bool, held as the
// heap's ElementArrays (Float32Array, Int32Array, Uint8Array: a byte per bool, as tfjs stores
// them). Data movement does not look at the values, so float32 and int32 share the 32-bit paths.
import type { ElementArray, ElementArrayType } from './heap.js';
import { KernelArgumentError } from './checks.js';

/** tfjs's name of each element type. */
export type ElementType = 'float32' | 'int32' | 'bool';

/** The typed array of an element type. */
export type ArrayOf<T extends ElementType> = T extends 'float32' ? Float32Array : T extends 'int32' ? Int32Array : Uint8Array;

/** The typed array constructor of each element type. */
export const ARRAY_TYPES: { readonly [T in ElementType]: ElementArrayType<ArrayOf<T>> } = {
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
};

/** assembly/binary.ts's DTYPE_* code of each element type, as the kernels take it. */
export const DTYPE_CODES: { readonly [T in ElementType]: number } = { float32: 0, int32: 1, bool: 2 };

/** The constructor of an ElementArray (throws for other arrays, naming the argument). */
export function elementTypeOf(name: string, array: ArrayBufferView): ElementArrayType {
  if (array instanceof Float32Array || array instanceof Int32Array || array instanceof Uint8Array) {
    return array.constructor as ElementArrayType;
  }
  throw new KernelArgumentError(`${name}: got a ${array.constructor.name}, expected a Float32Array, Int32Array or Uint8Array (bool)`);
}

/** The element type's name ('float32', 'int32' or 'bool'), for messages. */
export function elementName(type: ElementArrayType): ElementType {
  return type === Int32Array ? 'int32' : type === Uint8Array ? 'bool' : 'float32';
}

/** The element type of an ElementArray. */
export function elementNameOf(values: ElementArray): ElementType {
  return elementName(values.constructor as ElementArrayType);
}

/**
 * Work (in the thread pool's units, MIN_PARALLEL_WORK) of moving one element: a load and a store.
 * A copy of about half a million elements (2 MB of float32) is the least that threads split.
 */
export const COPY_WORK = 2;

export type { ElementArray, ElementArrayType };
