import { backend_util, GatherNd, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { gatherNd } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, int32Array, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(GatherNd);

const kernelFunc: KernelFunc = (args) => {
  const params = input(args.inputs, 'params');
  const indices = input(args.inputs, 'indices');
  if (!allNumeric(params) || indices.dtype !== 'int32') return fallback(args);
  const [resultShape] = backend_util.prepareAndValidate(params as never, indices as never);
  const backend = args.backend as FoveaWasmBackend;
  const values = gatherNd(backend.kernels, typedArray(backend, params), params.shape, int32Array(backend, indices), indices.shape);
  return backend.result(resultShape, params.dtype as NumericDtype, values);
};

export const gatherNdConfig: KernelConfig = { kernelName: GatherNd, backendName: BACKEND_NAME, kernelFunc };
