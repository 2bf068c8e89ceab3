import { AddN, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { addN } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';

const fallback = cpuKernel(AddN);

// Sums of same-shape tensors (tfjs's op checks shapes and dtypes), added in order from 0 as the cpu does.
const kernelFunc: KernelFunc = (args) => {
  const tensors = Object.values(args.inputs) as TensorInfo[];
  const dtype = tensors[0]?.dtype;
  if ((dtype !== 'float32' && dtype !== 'int32') || tensors.some((t) => t.dtype !== dtype)) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const out = addN(backend.kernels, tensors.map((t) => backend.values(t)));
  return backend.result(tensors[0]!.shape, dtype, out);
};

export const addNConfig: KernelConfig = { kernelName: AddN, backendName: BACKEND_NAME, kernelFunc };
