import { type KernelConfig, type KernelFunc, Transpose, type TransposeAttrs } from '@tensorflow/tfjs-core';
import { transpose } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, shareData, typedArray } from '../kernel_support.js';
import { isPermutation, keepsDataOrder } from '../layout_support.js';

const fallback = cpuKernel(Transpose);

// NCHW ↔ NHWC and other permutations that merge into a 2-D transpose run as tiled 4×4 SIMD
// transposes; one that moves no element shares x's data.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { perm } = args.attrs as unknown as TransposeAttrs;
  // Not a permutation of x's axes: the cpu's result or error.
  if (!isPermutation(perm, x.shape.length)) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const outShape = perm.map((p) => x.shape[p]!);
  if (keepsDataOrder(x.shape, perm)) return shareData(backend, x, outShape);
  return backend.result(outShape, x.dtype as NumericDtype, transpose(backend.kernels, typedArray(backend, x), x.shape, perm));
};

export const transposeConfig: KernelConfig = { kernelName: Transpose, backendName: BACKEND_NAME, kernelFunc };
