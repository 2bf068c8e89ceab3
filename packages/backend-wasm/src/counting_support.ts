// Shared by Bincount and DenseBincount: counts (or weight sums) per bin of int32 rows, as tfjs's
// cpu computes them.
import { bincount } from '@foveajs/kernels-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';

/** True when our kernel takes these inputs: int32 x of rank 1 or 2, float32 or int32 weights. */
export function countable(x: TensorInfo, weights: TensorInfo): boolean {
  return x.dtype === 'int32' && (x.shape.length === 1 || x.shape.length === 2) && (weights.dtype === 'float32' || weights.dtype === 'int32');
}

/**
 * Bins of each row of x (a vector is one row, and ignores binaryOutput as the cpu does): shape
 * [size] or [rows, size], the weights' dtype.
 */
export function countBins(backend: FoveaWasmBackend, x: TensorInfo, weights: TensorInfo, size: number, binaryOutput: boolean): TensorInfo {
  const [rows, cols] = x.shape.length === 1 ? [1, x.shape[0]!] : [x.shape[0]!, x.shape[1]!];
  const weightValues = weights.shape.reduce((a, b) => a * b, 1) > 0 ? (backend.values(weights) as Float32Array | Int32Array) : null;
  const dtype = weights.dtype as 'float32' | 'int32';
  const out = bincount(backend.kernels, backend.values(x) as Int32Array, rows, cols, size, weightValues, dtype, x.shape.length === 2 && binaryOutput);
  return backend.result(x.shape.length === 1 ? [size] : [rows, size], dtype, out);
}
