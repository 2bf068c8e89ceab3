// expectSameAsCpu (compare.ts) for kernels whose outputs can be non-finite: a NaN or ±Infinity
// from fovea-wasm must be the same non-finite value the cpu backend gives.
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { FOVEA, runOn } from './compare.js';

export function expectMatchesCpu(fn: () => tf.Tensor | tf.Tensor[], tolerance = 1e-5): void {
  const ours = runOn(FOVEA, fn);
  const reference = runOn('cpu', fn);
  expect(ours.length).toBe(reference.length);
  ours.forEach((values, t) => {
    const expected = reference[t]!;
    expect(values.length).toBe(expected.length);
    for (let i = 0; i < values.length; i++) {
      const e = expected[i]!;
      const v = values[i]!;
      const same = Number.isFinite(e) ? Math.abs(v - e) <= tolerance * Math.max(1, Math.abs(e)) : Object.is(v, e);
      if (!same) throw new Error(`output ${t}, element ${i}: fovea-wasm ${v}, cpu ${e}`);
    }
  });
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
