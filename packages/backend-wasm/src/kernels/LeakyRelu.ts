import { type KernelConfig, LeakyRelu, type LeakyReluAttrs } from '@tensorflow/tfjs-core';
import { activation } from '@foveajs/kernels-wasm';
import { elementwiseConfig } from '../unary_support.js';

// The shared activation code of the fused conv/matmul epilogues, applied elementwise.
export const leakyReluConfig: KernelConfig = elementwiseConfig(LeakyRelu, (backend, x, attrs) => {
  const { alpha } = attrs as unknown as LeakyReluAttrs;
  return activation(backend.kernels, backend.float32Values(x), 'leakyrelu', alpha);
});
