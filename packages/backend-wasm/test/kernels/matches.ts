// expectSameAsCpu (compare.ts) for kernels whose outputs can be non-finite: a NaN or ±Infinity
// from fovea-wasm must be the same non-finite value the cpu backend gives.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { expectClose, FOVEA, runOn, wasmCalls } from './compare.js';

export function expectMatchesCpu(fn: () => tf.Tensor | tf.Tensor[], tolerance = 1e-5): void {
  expectClose(runOn(FOVEA, fn), runOn('cpu', fn), tolerance, true);
}

/** Whether the cpu backend itself can run `fn` (some tfjs gradients throw on every backend). */
export function cpuCanRun(fn: () => tf.Tensor | tf.Tensor[]): boolean {
  try {
    runOn('cpu', fn);
    return true;
  } catch {
    return false;
  }
}

interface Snapshot {
  dtype: string;
  shape: number[];
  values: ArrayLike<number>;
}

function snapshotOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Snapshot[] {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    const result = tf.tidy(fn);
    const list = Array.isArray(result) ? result : [result];
    const snapshots = list.map((t) => ({ dtype: t.dtype, shape: t.shape, values: t.dataSync() as ArrayLike<number> }));
    tf.dispose(list);
    return snapshots;
  } finally {
    tf.setBackend(previous);
  }
}

/**
 * fn on fovea-wasm gives the cpu's dtypes, shapes and values (NaN and ±Infinity where the cpu has
 * them; finite values within `tolerance`, relative above magnitude 1), and (unless `native` is
 * false) ran at least one WASM kernel.
 */
export function expectNativeMatch(fn: () => tf.Tensor | tf.Tensor[], tolerance = 0, native = true): void {
  let ours: Snapshot[] = [];
  const calls = wasmCalls(() => {
    ours = snapshotOn(FOVEA, fn);
  });
  const reference = snapshotOn('cpu', fn);
  if (native) expect(calls, 'WASM kernel calls').toBeGreaterThan(0);
  expect(ours.map((s) => [s.dtype, s.shape])).toEqual(reference.map((s) => [s.dtype, s.shape]));
  expectClose(
    ours.map((s) => Float64Array.from(s.values) as unknown as Float32Array),
    reference.map((s) => Float64Array.from(s.values) as unknown as Float32Array),
    tolerance,
    true,
  );
}
