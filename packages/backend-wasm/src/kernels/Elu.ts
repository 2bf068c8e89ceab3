import { type KernelConfig, type KernelFunc, Elu } from '@tensorflow/tfjs-core';
import { activation } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Elu);

// The shared activation code of the fused conv/matmul epilogues, applied elementwise.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, activation(backend.kernels, backend.float32Values(x), 'elu'));
};

export const eluConfig: KernelConfig = { kernelName: Elu, backendName: BACKEND_NAME, kernelFunc };
