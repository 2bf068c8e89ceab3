import { type KernelConfig, type KernelFunc, LRN, type LRNAttrs } from '@tensorflow/tfjs-core';
import { lrn } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(LRN);

// The cpu's window sums and pow in f64 per element, split across threads by pixel.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32' || x.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const attrs = args.attrs as unknown as LRNAttrs;
  return backend.float32Result(x.shape, lrn(backend.kernels, float32Array(backend, x), x.shape[3]!, attrs));
};

export const lRNConfig: KernelConfig = { kernelName: LRN, backendName: BACKEND_NAME, kernelFunc };
