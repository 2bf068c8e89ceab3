import { type KernelConfig, type KernelFunc, Range, type RangeAttrs } from '@tensorflow/tfjs-core';
import { range } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';

const fallback = cpuKernel(Range);

const kernelFunc: KernelFunc = (args) => {
  const { start, stop, step, dtype } = args.attrs as unknown as RangeAttrs;
  if ((dtype !== 'float32' && dtype !== 'int32') || step === 0) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const values = range(backend.kernels, start, stop, step, dtype);
  return backend.result([values.length], dtype, values);
};

export const rangeConfig: KernelConfig = { kernelName: Range, backendName: BACKEND_NAME, kernelFunc };
