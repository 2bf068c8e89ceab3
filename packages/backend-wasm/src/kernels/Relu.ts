import { type KernelConfig, type KernelFunc, Relu } from '@tensorflow/tfjs-core';
import { relu } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Relu);

const reluKernel: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, relu(backend.kernels, backend.float32Values(x)));
};

export const reluConfig: KernelConfig = { kernelName: Relu, backendName: BACKEND_NAME, kernelFunc: reluKernel };
