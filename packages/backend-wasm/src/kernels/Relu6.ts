import { type KernelConfig, Relu6 } from '@tensorflow/tfjs-core';
import { activation } from '@foveajs/kernels-wasm';
import { elementwiseConfig } from '../unary_support.js';

// The shared activation code of the fused conv/matmul epilogues, applied elementwise.
export const relu6Config: KernelConfig = elementwiseConfig(Relu6, (backend, x) => activation(backend.kernels, backend.float32Values(x), 'relu6'));
