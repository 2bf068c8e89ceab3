import { type KernelConfig, type KernelFunc, ZerosLike } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input } from '../kernel_support.js';
import { constantTensor } from '../layout_support.js';

const fallback = cpuKernel(ZerosLike);

const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  return constantTensor(args.backend as FoveaWasmBackend, x.shape, 0, x.dtype as NumericDtype);
};

export const zerosLikeConfig: KernelConfig = { kernelName: ZerosLike, backendName: BACKEND_NAME, kernelFunc };
