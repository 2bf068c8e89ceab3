import { backend_util, type KernelConfig, type KernelFunc, TensorScatterUpdate } from '@tensorflow/tfjs-core';
import { tensorScatterUpdate } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, int32Array, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(TensorScatterUpdate);

// A copy of the tensor with rows replaced (tfjs's cpu kernel writes into the input's own buffer).
const kernelFunc: KernelFunc = (args) => {
  const tensor = input(args.inputs, 'tensor');
  const indices = input(args.inputs, 'indices');
  const updates = input(args.inputs, 'updates');
  if (!allNumeric(tensor) || tensor.dtype !== updates.dtype || indices.dtype !== 'int32' || updates.shape.length === 0) return fallback(args);
  // tfjs reads rank-1 indices as one coordinate each.
  const { sliceRank, numUpdates } = backend_util.calculateShapes(updates as never, indices as never, tensor.shape);
  const backend = args.backend as FoveaWasmBackend;
  const values = tensorScatterUpdate(
    backend.kernels, typedArray(backend, tensor), tensor.shape, int32Array(backend, indices), [numUpdates, sliceRank], typedArray(backend, updates),
  );
  return backend.result(tensor.shape, tensor.dtype as NumericDtype, values);
};

export const tensorScatterUpdateConfig: KernelConfig = { kernelName: TensorScatterUpdate, backendName: BACKEND_NAME, kernelFunc };
