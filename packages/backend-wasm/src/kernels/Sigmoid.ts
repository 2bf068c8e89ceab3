import { type KernelConfig, Sigmoid } from '@tensorflow/tfjs-core';
import { activation } from '@foveajs/kernels-wasm';
import { elementwiseConfig } from '../unary_support.js';

// The shared activation code of the fused conv/matmul epilogues, applied elementwise.
export const sigmoidConfig: KernelConfig = elementwiseConfig(Sigmoid, (backend, x) => activation(backend.kernels, backend.float32Values(x), 'sigmoid'));
