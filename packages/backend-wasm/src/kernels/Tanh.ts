import { type KernelConfig, type KernelFunc, Tanh } from '@tensorflow/tfjs-core';
import { tanh } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Tanh);

const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, tanh(backend.kernels, backend.float32Values(x)));
};

export const tanhConfig: KernelConfig = { kernelName: Tanh, backendName: BACKEND_NAME, kernelFunc };
