import { type KernelConfig, Step, type StepAttrs } from '@tensorflow/tfjs-core';
import { step } from '@foveajs/kernels-wasm';
import { float32Array } from '../kernel_support.js';
import { elementwiseConfig } from '../unary_support.js';

// The mask of every ReLU gradient: tfjs computes relu'(x)·dy as mul(dy, step(x)).
export const stepConfig: KernelConfig = elementwiseConfig(Step, (backend, x, attrs) => {
  const { alpha } = attrs as unknown as StepAttrs;
  return step(backend.kernels, float32Array(backend, x), alpha ?? 0);
});
