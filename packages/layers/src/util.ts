// Shared argument checks and shape helpers. Every error names the layer, the argument, the value
// received and what was expected, so a bad config is fixed from the message alone.
import { describeValue } from '@foveajs/core';
import { serialization } from '@tensorflow/tfjs-core';
import type { Shape } from '@tensorflow/tfjs-layers';

/** Thrown for a bad layer/block argument; `argument` and `value` are kept for callers that inspect them. */
export class LayerArgumentError extends Error {
  constructor(
    readonly owner: string,
    readonly argument: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`${owner}: ${argument} must be ${expected}, got ${describeValue(value)}`);
    this.name = 'LayerArgumentError';
  }
}

export function positiveInt(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new LayerArgumentError(owner, argument, value, 'a positive integer');
  }
  return value;
}

export function nonNegativeInt(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new LayerArgumentError(owner, argument, value, 'a non-negative integer');
  }
  return value;
}

/** A number or [h, w] pair of positive integers, as Keras accepts for kernelSize/strides/poolSize. */
export function positivePair(owner: string, argument: string, value: unknown): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (
    !Array.isArray(pair) ||
    pair.length !== 2 ||
    !pair.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1)
  ) {
    throw new LayerArgumentError(owner, argument, value, 'a positive integer or a pair [height, width] of them');
  }
  return [pair[0] as number, pair[1] as number];
}

export function fraction(owner: string, argument: string, value: unknown, { closedTop = false } = {}): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (closedTop ? value > 1 : value >= 1)) {
    throw new LayerArgumentError(owner, argument, value, closedTop ? 'a number in [0, 1]' : 'a number in [0, 1)');
  }
  return value;
}

export function oneOf<T extends string>(owner: string, argument: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new LayerArgumentError(owner, argument, value, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

/** The single shape of a single-input layer (tfjs passes Shape | Shape[]). */
export function singleShape(inputShape: Shape | Shape[]): Shape {
  if (Array.isArray(inputShape[0])) {
    if (inputShape.length !== 1) throw new Error(`expected exactly one input shape, got ${inputShape.length}`);
    return inputShape[0] as Shape;
  }
  return inputShape as Shape;
}

/** Check an NHWC input shape: rank 4 and (when asked) a known channel count. */
export function assertImageShape(owner: string, shape: Shape, needChannels = true): void {
  if (shape.length !== 4) {
    throw new LayerArgumentError(owner, 'input rank', shape.length, `4 (batch, height, width, channels); input shape ${describeValue(shape)}`);
  }
  if (needChannels && shape[3] == null) {
    throw new LayerArgumentError(owner, 'input channels', shape[3], 'a known number (the last axis of the input shape)');
  }
}

/** Keras's conv_utils.conv_output_length for one spatial axis. */
export function convOutputLength(
  length: number | null,
  kernel: number,
  padding: 'same' | 'valid',
  stride: number,
  dilation = 1,
): number | null {
  if (length == null) return null;
  const dilated = kernel + (kernel - 1) * (dilation - 1);
  const out = padding === 'same' ? length : length - dilated + 1;
  return Math.floor((out + stride - 1) / stride);
}

/**
 * One of tfjs-layers' own layer classes. It exports only factories, and a throwaway instance would
 * advance the auto-naming counters (conv2d_1, ...), so read the class from the serialization
 * registry tfjs-layers filled on import, before we register over it.
 */
export function registeredClass<T>(className: string): T {
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry == null) throw new Error(`@tensorflow/tfjs-layers did not register '${className}'`);
  return entry[0] as unknown as T;
}
