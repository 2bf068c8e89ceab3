import { backend_util, type KernelConfig, type KernelFunc, ScatterNd, type ScatterNdAttrs } from '@tensorflow/tfjs-core';
import { scatterNd } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, int32Array, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(ScatterNd);

const kernelFunc: KernelFunc = (args) => {
  const indices = input(args.inputs, 'indices');
  const updates = input(args.inputs, 'updates');
  if (!allNumeric(updates) || indices.dtype !== 'int32' || updates.shape.length === 0) return fallback(args);
  const { shape } = args.attrs as unknown as ScatterNdAttrs;
  // tfjs reads rank-1 indices as one coordinate each.
  const { sliceRank, numUpdates } = backend_util.calculateShapes(updates as never, indices as never, shape);
  const backend = args.backend as FoveaWasmBackend;
  const values = scatterNd(backend.kernels, int32Array(backend, indices), [numUpdates, sliceRank], typedArray(backend, updates), shape);
  return backend.result(shape, updates.dtype as NumericDtype, values);
};

export const scatterNdConfig: KernelConfig = { kernelName: ScatterNd, backendName: BACKEND_NAME, kernelFunc };
