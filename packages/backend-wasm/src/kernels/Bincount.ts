import { Bincount, type BincountAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { countable, countBins } from '../counting_support.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(Bincount);

const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const weights = input(args.inputs, 'weights');
  if (!countable(x, weights) || x.shape.length !== 1) return fallback(args);
  const { size } = args.attrs as unknown as BincountAttrs;
  return countBins(args.backend as FoveaWasmBackend, x, weights, size, false);
};

export const bincountConfig: KernelConfig = { kernelName: Bincount, backendName: BACKEND_NAME, kernelFunc };
