import { type KernelConfig, type KernelFunc, TopK, type TopKAttrs, util } from '@tensorflow/tfjs-core';
import { topK } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(TopK);

// A selection, not a sort: one pass with a k-entry heap for small k (most elements meet only a
// SIMD comparison with the k-th best so far), quickselect for large k. Always sorted, which
// sorted = false allows.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if ((x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length === 0) return fallback(args);
  const { k } = args.attrs as unknown as TopKAttrs;
  const n = x.shape[x.shape.length - 1]!;
  const outShape = [...x.shape.slice(0, -1), k];
  const backend = args.backend as FoveaWasmBackend;
  if (n === 0 || util.sizeFromShape(x.shape) === 0) return fallback(args);
  const { values, indices } = topK(backend.kernels, typedArray(backend, x) as Float32Array | Int32Array, n, k);
  return [backend.result(outShape, x.dtype, values), backend.result(outShape, 'int32', indices)];
};

export const topKConfig: KernelConfig = { kernelName: TopK, backendName: BACKEND_NAME, kernelFunc };
