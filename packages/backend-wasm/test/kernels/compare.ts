// Helpers for the kernel tests: run the same tfjs program on fovea-wasm and on tfjs's cpu
// backend, and compare the results within float32 rounding.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Gradients (tf.grads) are registered by the full tfjs bundle only; tests import them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FoveaWasmBackend } from '../../src/backend.js';
import '../../src/index.js';

export const FOVEA = 'fovea-wasm';

/**
 * Deterministic values in [-1, 1) from a seed (tfjs's seeded randomUniform), so both backends see
 * equal inputs. The tensor holds JS memory only and is disposed at once: no kernel runs.
 */
export function randomValues(size: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomUniform([size], -1, 1, 'float32', seed).dataSync() as Float32Array);
}

/**
 * Deterministic values in [-1, 1) from a seed by a linear congruential generator, for large
 * inputs: randomValues (tfjs's seeded generator, in JS) takes seconds for a million values.
 */
export function lcgValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2147483648 - 1;
  });
}

/** Runs `fn` on `backend`; returns the values of every tensor it returns, disposing all. */
export function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    const result = tf.tidy(fn);
    const list = Array.isArray(result) ? result : [result];
    const values = list.map((t) => t.dataSync() as Float32Array);
    for (const t of list) t.dispose();
    return values;
  } finally {
    tf.setBackend(previous);
  }
}

/** Number of WASM kernel calls `fn` makes on fovea-wasm (each one resets the arena; fallbacks do not). */
export function wasmCalls(fn: () => unknown): number {
  const arena = (tf.findBackend(FOVEA) as unknown as { kernels: { arena: { reset(): void } } }).kernels.arena;
  const reset = arena.reset;
  let calls = 0;
  arena.reset = function (this: unknown) {
    calls++;
    reset.call(this);
  };
  try {
    fn();
  } finally {
    arena.reset = reset;
  }
  return calls;
}

/** Names of the parallel WASM kernels `fn` runs on fovea-wasm (how a test sees which path ran). */
export function parallelKernels(fn: () => unknown): string[] {
  const { kernels } = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
  const parallel = kernels.parallel;
  const names: string[] = [];
  kernels.parallel = function (this: typeof kernels, name, ...rest) {
    names.push(name);
    return parallel.call(this, name, ...rest);
  };
  try {
    fn();
  } finally {
    kernels.parallel = parallel;
  }
  return names;
}

/** fn on fovea-wasm and on cpu agree to float32 accumulation error (scaled by magnitude). */
export function expectSameAsCpu(fn: () => tf.Tensor | tf.Tensor[], tolerance = 1e-4, expectWasm = true): void {
  let ours: Float32Array[] = [];
  const calls = wasmCalls(() => {
    ours = runOn(FOVEA, fn);
  });
  // Guards against a kernel silently falling back to cpu (which would make the comparison vacuous).
  if (expectWasm) expect(calls).toBeGreaterThan(0);
  expectClose(ours, runOn('cpu', fn), tolerance, false);
}

/**
 * A ReLU / ReLU6 layer on fovea-wasm equals the cpu's and its outputs really reach the clamps: some
 * are 0, and (ReLU6) more than ten are 6. Random inputs in [-1, 1) rarely sum past 6, so without
 * this a clamp at the wrong value could pass every comparison.
 */
export function expectClampsReached(layer: () => tf.Tensor, activation: 'relu' | 'relu6'): void {
  expectSameAsCpu(layer);
  const [values] = runOn(FOVEA, layer);
  expect(values!.some((v) => v === 0)).toBe(true);
  if (activation === 'relu6') expect(values!.filter((v) => v === 6).length).toBeGreaterThan(10);
}

/**
 * Every output of fovea-wasm is within `tolerance` (relative; absolute below magnitude 1) of the
 * cpu's; with `sameNonFinite`, a NaN or ±Infinity from the cpu must be the same value from us
 * (without it, a non-finite cpu value fails the comparison).
 */
export function expectClose(ours: Float32Array[], reference: Float32Array[], tolerance: number, sameNonFinite: boolean): void {
  expect(ours.length).toBe(reference.length);
  ours.forEach((values, t) => {
    const expected = reference[t]!;
    expect(values.length).toBe(expected.length);
    for (let i = 0; i < values.length; i++) {
      const e = expected[i]!;
      const v = values[i]!;
      const same = sameNonFinite && !Number.isFinite(e) ? Object.is(v, e) : Math.abs(v - e) <= tolerance * Math.max(1, Math.abs(e));
      if (!same) throw new Error(`output ${t}, element ${i}: fovea-wasm ${v}, cpu ${e}`);
    }
  });
}

export const seedArb = fc.integer({ min: 1, max: 2 ** 31 - 1 });

/** 'same', 'valid', or explicit NHWC padding [[0,0],[t,b],[l,r],[0,0]]. */
export const padArb = fc.oneof(
  fc.constant('same' as const),
  fc.constant('valid' as const),
  fc
    .tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2))
    .map(([t, b, l, r]) => [[0, 0], [t, b], [l, r], [0, 0]] as tf.backend_util.ExplicitPadding),
);

/**
 * A 3×3 stride-1 problem that fovea-wasm computes by Winograd: `wideQuads` × 4 channels (16–24) on
 * the side the convolution reads, `narrowQuads` × 4 (4–20) on the other.
 */
export const winogradProblemArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    wideQuads: fc.integer({ min: 4, max: 6 }),
    narrowQuads: fc.integer({ min: 1, max: 5 }),
    pad: padArb,
    seed: seedArb,
  })
  .filter((p) => outSize(p.height, 3, 1, 1, p.pad, 1) > 0 && outSize(p.width, 3, 1, 1, p.pad, 2) > 0);

export type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;

/** Output size of a conv dimension, or <= 0 when the window does not fit. */
export function outSize(inSize: number, k: number, stride: number, dilation: number, pad: Pad, axis: 1 | 2): number {
  const effK = (k - 1) * dilation + 1;
  if (pad === 'same') return Math.ceil(inSize / stride);
  const [before, after] = pad === 'valid' ? [0, 0] : pad[axis]!;
  return Math.floor((inSize + before! + after! - effK) / stride) + 1;
}

export const activationArb = fc.constantFrom('linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid') as fc.Arbitrary<
  'linear' | 'relu' | 'relu6' | 'elu' | 'leakyrelu' | 'prelu' | 'sigmoid'
>;

/** Tensor count and WASM arena size are unchanged by `iterations` more calls after a warm-up. */
export async function expectNoLeaks(fn: () => tf.Tensor, iterations = 5): Promise<void> {
  await tf.setBackend(FOVEA);
  const backend = tf.backend() as unknown as { kernels: { arena: { memoryBytes: number } } };
  fn().dispose();
  const tensors = tf.memory().numTensors;
  const bytes = backend.kernels.arena.memoryBytes;
  for (let i = 0; i < iterations; i++) fn().dispose();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(backend.kernels.arena.memoryBytes).toBe(bytes);
}

/** The heap blocks fovea-wasm holds beyond the last call's scratch: tensors and packed filters. */
export function ownedBlocks(): number {
  const { kernels } = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
  return kernels.heap.liveBlocks - kernels.arena.scratchBlocks;
}

/**
 * After a failed (or any) call: fovea-wasm's heap is consistent, holds `ownedBefore` blocks beyond
 * scratch, and a convolution, a ReLU and a pooling still give the cpu's results.
 */
export function expectEngineIntact(ownedBefore: number): void {
  const { kernels } = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
  kernels.heap.check();
  expect(ownedBlocks()).toBe(ownedBefore);
  expectSameAsCpu(() => {
    const x = tf.tensor4d(randomValues(2 * 6 * 6 * 8, 7), [2, 6, 6, 8]);
    const y = tf.relu(tf.conv2d(x, tf.tensor4d(randomValues(3 * 3 * 8 * 16, 8), [3, 3, 8, 16]), 1, 'same'));
    return tf.maxPool(y, 2, 2, 'valid');
  });
  kernels.heap.check();
  expect(ownedBlocks()).toBe(ownedBefore);
}
