// Helpers for the layout and indexing kernels' tests (Transpose, Slice, Gather, …): random tensors
// of every dtype those kernels move (float32 with NaN, ±0 and ±Infinity among the values; int32;
// bool), random shapes with empty axes, and a comparison with the cpu backend that requires the
// same shapes, dtypes and bit-identical values (data movement must not change a value).
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { FOVEA, randomValues, wasmCalls } from './compare.js';

export type LayoutDtype = 'float32' | 'int32' | 'bool';

export const dtypeArb = fc.constantFrom<LayoutDtype>('float32', 'int32', 'bool');

/** A shape of rank [minRank, maxRank], dims in [min, max] (min 0 gives empty tensors). */
export function shapeArb(minRank: number, maxRank: number, { min = 1, max = 5 } = {}): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min, max }), { minLength: minRank, maxLength: maxRank });
}

const SPECIAL = [Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** Deterministic values of `dtype` from a seed: float32 in [-1, 1) with a few NaN / -0 / ±Infinity, int32 in [-50, 50], bool. */
export function layoutValues(size: number, dtype: LayoutDtype, seed: number): Float32Array | Int32Array | Uint8Array {
  const base = randomValues(size, seed);
  if (dtype === 'int32') return Int32Array.from(base, (v) => Math.round(v * 50));
  if (dtype === 'bool') return Uint8Array.from(base, (v) => (v > 0 ? 1 : 0));
  const values = Float32Array.from(base);
  for (let i = 0; i < size; i++) if (((seed + i * 7919) >>> 0) % 23 === 0) values[i] = SPECIAL[i % SPECIAL.length]!;
  return values;
}

/** A tensor of `shape` and `dtype` with layoutValues. */
export function layoutTensor(shape: number[], dtype: LayoutDtype, seed: number): tf.Tensor {
  return tf.tensor(layoutValues(shape.reduce((a, b) => a * b, 1), dtype, seed), shape, dtype);
}

interface Snapshot {
  shape: number[];
  dtype: string;
  values: number[];
}

function snapshot(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Snapshot[] {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    const result = tf.tidy(fn);
    const list = Array.isArray(result) ? result : [result];
    const out = list.map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync() as ArrayLike<number>) }));
    tf.dispose(list);
    return out;
  } finally {
    tf.setBackend(previous);
  }
}

/**
 * fn gives the same tensors on fovea-wasm as on the cpu backend: shapes, dtypes, and values equal
 * (NaN to NaN, -0 to -0) or, with `tolerance`, within it (relative; absolute below magnitude 1).
 * `wasm`: fovea-wasm must run a WASM kernel (true), must not (false: a view), or either (undefined).
 */
export function expectSameTensors(fn: () => tf.Tensor | tf.Tensor[], { wasm, tolerance = 0 }: { wasm?: boolean; tolerance?: number } = {}): void {
  let ours: Snapshot[] = [];
  const calls = wasmCalls(() => {
    ours = snapshot(FOVEA, fn);
  });
  if (wasm === true) expect(calls, 'WASM kernel calls').toBeGreaterThan(0);
  if (wasm === false) expect(calls, 'WASM kernel calls').toBe(0);
  const reference = snapshot('cpu', fn);
  expect(ours.length).toBe(reference.length);
  ours.forEach((t, i) => {
    const r = reference[i]!;
    expect(t.shape, `output ${i} shape`).toEqual(r.shape);
    expect(t.dtype, `output ${i} dtype`).toBe(r.dtype);
    expect(t.values.length).toBe(r.values.length);
    for (let k = 0; k < t.values.length; k++) {
      const v = t.values[k]!;
      const e = r.values[k]!;
      const same = tolerance === 0 || !Number.isFinite(e) ? Object.is(v, e) : Math.abs(v - e) <= tolerance * Math.max(1, Math.abs(e));
      if (!same) throw new Error(`output ${i}, element ${k}: fovea-wasm ${v}, cpu ${e} (shape [${t.shape}], ${t.dtype})`);
    }
  });
}

/** Both backends throw (the message is tfjs's own where the kernel checks). */
export function expectBothThrow(fn: () => tf.Tensor | tf.Tensor[]): void {
  expect(() => snapshot(FOVEA, fn)).toThrow();
  expect(() => snapshot('cpu', fn)).toThrow();
}
