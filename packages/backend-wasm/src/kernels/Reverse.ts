import { type KernelConfig, type KernelFunc, Reverse, type ReverseAttrs, util } from '@tensorflow/tfjs-core';
import { reverse } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, shareData, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Reverse);

// Negative strides through the strided copy (the last axis reversed four lanes at a time); a
// scalar, or axes of length 1 only, share x's data.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  // A scalar: the cpu's check of dims (and its copy).
  if (!allNumeric(x) || x.shape.length === 0) return fallback(args);
  const { dims } = args.attrs as unknown as ReverseAttrs;
  const axes = util.parseAxisParam(dims, x.shape);
  // An axis named twice: the cpu flips it twice.
  if (new Set(axes).size !== axes.length) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  if (axes.every((a) => x.shape[a]! <= 1)) return shareData(backend, x, x.shape);
  return backend.result(x.shape, x.dtype as NumericDtype, reverse(backend.kernels, typedArray(backend, x), x.shape, axes));
};

export const reverseConfig: KernelConfig = { kernelName: Reverse, backendName: BACKEND_NAME, kernelFunc };
