import { type KernelConfig, type KernelFunc, Relu6 } from '@tensorflow/tfjs-core';
import { activation } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Relu6);

// The shared activation code of the fused conv/matmul epilogues, applied elementwise.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, activation(backend.kernels, backend.float32Values(x), 'relu6'));
};

export const relu6Config: KernelConfig = { kernelName: Relu6, backendName: BACKEND_NAME, kernelFunc };
