import { type KernelConfig, type KernelFunc, LRNGrad, type LRNGradAttrs } from '@tensorflow/tfjs-core';
import { lrnGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(LRNGrad);

// f64 per element as the cpu, accumulated into float32 in the cpu's order.
const kernelFunc: KernelFunc = (args) => {
  const [x, y, dy] = [input(args.inputs, 'x'), input(args.inputs, 'y'), input(args.inputs, 'dy')];
  if (!allFloat32(x, y, dy) || dy.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const attrs = args.attrs as unknown as LRNGradAttrs;
  const [xs, ys, dys] = [x, y, dy].map((t) => float32Array(backend, t)) as [Float32Array, Float32Array, Float32Array];
  return backend.float32Result(dy.shape, lrnGrad(backend.kernels, xs, ys, dys, dy.shape[3]!, attrs));
};

export const lRNGradConfig: KernelConfig = { kernelName: LRNGrad, backendName: BACKEND_NAME, kernelFunc };
