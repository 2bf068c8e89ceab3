import { type KernelConfig, type KernelFunc, OneHot, type OneHotAttrs } from '@tensorflow/tfjs-core';
import { oneHot } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input, int32Array } from '../kernel_support.js';

const fallback = cpuKernel(OneHot);

const kernelFunc: KernelFunc = (args) => {
  const indices = input(args.inputs, 'indices');
  const { dtype, depth, onValue, offValue } = args.attrs as unknown as OneHotAttrs;
  if ((dtype !== 'float32' && dtype !== 'int32') || (indices.dtype !== 'int32' && indices.dtype !== 'float32')) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const values = oneHot(backend.kernels, int32Array(backend, indices), depth, onValue, offValue, dtype);
  return backend.result([...indices.shape, depth], dtype, values);
};

export const oneHotConfig: KernelConfig = { kernelName: OneHot, backendName: BACKEND_NAME, kernelFunc };
