import { DenseBincount, type DenseBincountAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { countable, countBins } from '../counting_support.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(DenseBincount);

const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const weights = input(args.inputs, 'weights');
  if (!countable(x, weights)) return fallback(args);
  const { size, binaryOutput } = args.attrs as unknown as DenseBincountAttrs;
  return countBins(args.backend as FoveaWasmBackend, x, weights, size, binaryOutput ?? false);
};

export const denseBincountConfig: KernelConfig = { kernelName: DenseBincount, backendName: BACKEND_NAME, kernelFunc };
