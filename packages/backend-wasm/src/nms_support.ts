// Shared by NonMaxSuppressionV3 / V4 / V5: @foveajs/kernels-wasm's nonMaxSuppression, which
// follows tfjs's nonMaxSuppressionImpl_ (the cpu kernels' code) decision for decision.
import { nonMaxSuppression } from '@foveajs/kernels-wasm';
import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';
import { float32Array, input } from './kernel_support.js';

export interface NmsAttrs {
  maxOutputSize: number;
  iouThreshold: number;
  scoreThreshold: number;
  softNmsSigma?: number;
}

/** Selected indices (and scores) of boxes / scores, or undefined where the cpu kernel must run. */
export function runNms(backend: FoveaWasmBackend, inputs: NamedTensorInfoMap, attrs: NmsAttrs): { indices: Int32Array; scores: Float32Array } | undefined {
  const boxes = input(inputs, 'boxes');
  const scores = input(inputs, 'scores');
  if (boxes.dtype !== 'float32' || scores.dtype !== 'float32') return undefined;
  const { maxOutputSize, iouThreshold, scoreThreshold, softNmsSigma = 0 } = attrs;
  return nonMaxSuppression(backend.kernels, float32Array(backend, boxes), float32Array(backend, scores), {
    maxOutput: maxOutputSize,
    iouThreshold,
    scoreThreshold,
    softNms: softNmsSigma > 0 ? { method: 'gaussian', sigma: softNmsSigma } : undefined,
  });
}

/** An int32 / float32 vector tensor of `values`. */
export function vector(backend: FoveaWasmBackend, values: Int32Array | Float32Array): TensorInfo {
  return backend.makeTensorInfo([values.length], values instanceof Int32Array ? 'int32' : 'float32', values);
}

