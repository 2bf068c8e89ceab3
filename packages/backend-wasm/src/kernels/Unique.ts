import { type KernelConfig, type KernelFunc, Unique, type UniqueAttrs, util } from '@tensorflow/tfjs-core';
import { unique } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, isNumericDtype } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(Unique);

// Slices along the axis found by a hash table (strings stay on the cpu).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!isNumericDtype(x.dtype) || x.shape.length === 0) return fallback(args);
  const { axis } = args.attrs as unknown as UniqueAttrs;
  const a = util.parseAxisParam(axis, x.shape)[0]!;
  const [outer, n, inner] = [util.sizeFromShape(x.shape.slice(0, a)), x.shape[a]!, util.sizeFromShape(x.shape.slice(a + 1))];
  const backend = args.backend as FoveaWasmBackend;
  const { values, count, indices } = unique(backend.kernels, backend.values(x), outer, n, inner);
  const shape = x.shape.slice();
  shape[a] = count;
  return [backend.result(shape, x.dtype, values), backend.result([n], 'int32', indices)];
};

export const uniqueConfig: KernelConfig = { kernelName: Unique, backendName: BACKEND_NAME, kernelFunc };
