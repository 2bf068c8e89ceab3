import { type KernelConfig, type KernelFunc, ResizeNearestNeighborGrad, type ResizeNearestNeighborGradAttrs } from '@tensorflow/tfjs-core';
import { resizeNearestNeighborGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(ResizeNearestNeighborGrad);

// The cpu's search windows, f64 sums per dx pixel, image rows split across threads. Each image
// reads its own dy (for batch > 1 the cpu reads dy at the image's batch stride).
const kernelFunc: KernelFunc = (args) => {
  const images = input(args.inputs, 'images');
  const dy = input(args.inputs, 'dy');
  if (dy.dtype !== 'float32' || images.dtype !== 'float32') return fallback(args);
  const { alignCorners } = args.attrs as unknown as ResizeNearestNeighborGradAttrs;
  const [batch, H, W, C] = images.shape as [number, number, number, number];
  const [, outH, outW] = dy.shape as [number, number, number, number];
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(images.shape, resizeNearestNeighborGrad(backend.kernels, float32Array(backend, dy), batch, H, W, C, outH, outW, alignCorners));
};

export const resizeNearestNeighborGradConfig: KernelConfig = { kernelName: ResizeNearestNeighborGrad, backendName: BACKEND_NAME, kernelFunc };
