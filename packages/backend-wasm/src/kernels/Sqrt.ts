import { type KernelConfig, Sqrt } from '@tensorflow/tfjs-core';
import { unaryMath } from '@foveajs/kernels-wasm';
import { float32Array } from '../kernel_support.js';
import { elementwiseConfig } from '../unary_support.js';

// Applied to every parameter tensor by the Adam/RMSProp updates each training step.
export const sqrtConfig: KernelConfig = elementwiseConfig(Sqrt, (backend, x) => unaryMath(backend.kernels, float32Array(backend, x), 'sqrt'));
