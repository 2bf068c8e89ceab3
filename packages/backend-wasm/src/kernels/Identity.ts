import { Identity, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input, shareData } from '../kernel_support.js';

const fallback = cpuKernel(Identity);

// A view: the same data (tfjs-backend-wasm copies it).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype === 'complex64') return fallback(args);
  return shareData(args.backend as FoveaWasmBackend, x, x.shape);
};

export const identityConfig: KernelConfig = { kernelName: Identity, backendName: BACKEND_NAME, kernelFunc };
