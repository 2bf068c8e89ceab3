// expectSameAsCpu (compare.ts) for kernels whose outputs can be non-finite: a NaN or ±Infinity
// from fovea-wasm must be the same non-finite value the cpu backend gives.
import type * as tf from '@tensorflow/tfjs-core';
import { expectClose, FOVEA, runOn } from './compare.js';

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
