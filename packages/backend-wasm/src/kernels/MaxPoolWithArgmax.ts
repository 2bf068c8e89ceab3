import { backend_util, type KernelConfig, type KernelFunc, MaxPoolWithArgmax, type MaxPoolWithArgmaxAttrs } from '@tensorflow/tfjs-core';
import { maxPoolWithArgmax } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(MaxPoolWithArgmax);

// Values and flat indices in one pass, f32x4 across channels (the cpu runs two passes).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const { filterSize, strides, pad, includeBatchInIndex } = args.attrs as unknown as MaxPoolWithArgmaxAttrs;
  const info = backend_util.computePool2DInfo(x.shape as never, filterSize, strides, [1, 1], pad);
  const backend = args.backend as FoveaWasmBackend;
  const { values, indexes } = maxPoolWithArgmax(backend.kernels, float32Array(backend, x), info, includeBatchInIndex);
  return [backend.float32Result(info.outShape, values), backend.result(info.outShape, 'int32', indexes)];
};

export const maxPoolWithArgmaxConfig: KernelConfig = { kernelName: MaxPoolWithArgmax, backendName: BACKEND_NAME, kernelFunc };
