import { type KernelConfig, type KernelFunc, Sqrt } from '@tensorflow/tfjs-core';
import { unaryMath } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { float32Array } from '../conv_support.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Sqrt);

// Applied to every parameter tensor by the Adam/RMSProp updates each training step.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, unaryMath(backend.kernels, float32Array(backend, x), 'sqrt'));
};

export const sqrtConfig: KernelConfig = { kernelName: Sqrt, backendName: BACKEND_NAME, kernelFunc };
