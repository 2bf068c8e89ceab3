import { type KernelConfig, Relu } from '@tensorflow/tfjs-core';
import { relu } from '@foveajs/kernels-wasm';
import { elementwiseConfig } from '../unary_support.js';

export const reluConfig: KernelConfig = elementwiseConfig(Relu, (backend, x) => relu(backend.kernels, backend.float32Values(x)));
