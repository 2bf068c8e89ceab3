import { type KernelConfig, type KernelFunc, LinSpace, type LinSpaceAttrs } from '@tensorflow/tfjs-core';
import { linspace } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';

const fallback = cpuKernel(LinSpace);

const kernelFunc: KernelFunc = (args) => {
  const { start, stop, num } = args.attrs as unknown as LinSpaceAttrs;
  if (!Number.isInteger(num) || num < 1) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.result([num], 'float32', linspace(backend.kernels, start, stop, num));
};

export const linSpaceConfig: KernelConfig = { kernelName: LinSpace, backendName: BACKEND_NAME, kernelFunc };
