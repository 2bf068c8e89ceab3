import { type KernelConfig, Tanh } from '@tensorflow/tfjs-core';
import { tanh } from '@foveajs/kernels-wasm';
import { elementwiseConfig } from '../unary_support.js';

export const tanhConfig: KernelConfig = elementwiseConfig(Tanh, (backend, x) => tanh(backend.kernels, backend.float32Values(x)));
