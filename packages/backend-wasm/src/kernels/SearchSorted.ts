import { type KernelConfig, type KernelFunc, SearchSorted, type SearchSortedAttrs } from '@tensorflow/tfjs-core';
import { searchSorted } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(SearchSorted);

// The cpu's binary search per value, values split across threads.
const kernelFunc: KernelFunc = (args) => {
  const sorted = input(args.inputs, 'sortedSequence');
  const values = input(args.inputs, 'values');
  const dtype = sorted.dtype;
  if ((dtype !== 'float32' && dtype !== 'int32') || values.dtype !== dtype || sorted.shape.length !== 2) return fallback(args);
  const { side } = args.attrs as unknown as SearchSortedAttrs;
  const backend = args.backend as FoveaWasmBackend;
  const out = searchSorted(
    backend.kernels, backend.values(sorted) as Float32Array | Int32Array, backend.values(values) as Float32Array | Int32Array, sorted.shape[0]!, side,
  );
  return backend.result(values.shape, 'int32', out);
};

export const searchSortedConfig: KernelConfig = { kernelName: SearchSorted, backendName: BACKEND_NAME, kernelFunc };
