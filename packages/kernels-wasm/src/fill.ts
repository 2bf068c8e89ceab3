import { expectDims, expectWhole, KernelArgumentError } from './checks.js';
import { ARRAY_TYPES, type ArrayOf, type ElementArrayType, type ElementType, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';
import { fillRaw } from './strided_copy.js';

function checkType(type: ElementType): void {
  if (type !== 'float32' && type !== 'int32' && type !== 'bool') throw new KernelArgumentError(`type: got '${type}', expected 'float32', 'int32' or 'bool'`);
}

/** `length` elements of `type`, all `value` (int32: ToInt32; bool: 0 for 0 and NaN, else 1). */
export function fill<T extends ElementType>(kernels: FoveaKernels, length: number, value: number, type: T): ArrayOf<T> {
  checkType(type);
  expectDims('length', [length]);
  const array = ARRAY_TYPES[type];
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(length, array);
  if (length > 0) fillRaw(kernels, out, length, value, array);
  return arena.read(out, length, array);
}

/**
 * tf.range's values: start, start + step, … while before stop, each the previous plus step rounded
 * to float32 (or ToInt32 for int32), as tfjs's cpu kernel accumulates them. A step of 1 from a
 * larger start counts down; an empty result where the step points away from stop.
 */
export function range(kernels: FoveaKernels, start: number, stop: number, step: number, type: 'float32' | 'int32' = 'float32'): Float32Array | Int32Array {
  if (type !== 'float32' && type !== 'int32') throw new KernelArgumentError(`type: got '${type}', expected 'float32' or 'int32'`);
  if (step === 0) throw new KernelArgumentError('step: got 0, expected a non-zero step');
  const empty = start === stop || (start < stop && step < 0) || (stop < start && step > 1);
  const length = empty ? 0 : Math.abs(Math.ceil((stop - start) / step));
  // NaN or infinite bounds or steps give no whole length: another implementation's business.
  expectWhole('range length', length, 0, `start ${start}, stop ${stop}, step ${step}`);
  return accumulate(kernels, length, start, stop < start && step === 1 ? -1 : step, type);
}

/** tf.linspace's values: num floats from start to stop, accumulated as tfjs's cpu kernel does. */
export function linspace(kernels: FoveaKernels, start: number, stop: number, num: number): Float32Array {
  expectDims('num', [num], true);
  return accumulate(kernels, num, start, (stop - start) / (num - 1), 'float32') as Float32Array;
}

function accumulate(kernels: FoveaKernels, length: number, start: number, step: number, type: 'float32' | 'int32'): Float32Array | Int32Array {
  const { arena } = kernels;
  arena.reset();
  const array: ElementArrayType<Float32Array | Int32Array> = ARRAY_TYPES[type];
  const out = arena.allocOf(length, array);
  kernels.exports.range(out, length, start, step, type === 'int32' ? 1 : 0);
  return arena.read(out, length, array);
}

/**
 * OneHot: for each index, a row of `depth` holding `on` at the index and `off` elsewhere (a row of
 * `off` for an index outside [0, depth)); float32 or int32.
 */
export function oneHot<T extends 'float32' | 'int32'>(
  kernels: FoveaKernels, indices: Int32Array, depth: number, on: number, off: number, type: T,
): ArrayOf<T> {
  if (elementTypeOf('indices', indices) !== Int32Array) throw new KernelArgumentError('indices: expected an Int32Array');
  if (type !== 'float32' && type !== 'int32') throw new KernelArgumentError(`type: got '${type}', expected 'float32' or 'int32'`);
  expectDims('depth', [depth]);
  const bits = (v: number) => (type === 'float32' ? new Int32Array(new Float32Array([v]).buffer)[0]! : v | 0);
  const array = ARRAY_TYPES[type];
  const size = indices.length * depth;
  const { arena } = kernels;
  arena.reset();
  const indicesPtr = arena.allocFrom(indices);
  const out = arena.allocOf(size, array);
  if (size > 0) kernels.exports.oneHot(indicesPtr, out, indices.length, depth, bits(on), bits(off));
  return arena.read(out, size, array);
}
