import { type KernelConfig, type KernelFunc, ResizeNearestNeighbor, type ResizeNearestNeighborAttrs, util } from '@tensorflow/tfjs-core';
import { resizeNearestNeighbor } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(ResizeNearestNeighbor);

// NHWC float32 images (tfjs's op has made them 4-D); other dtypes and empty images run on the cpu.
const kernelFunc: KernelFunc = (args) => {
  const images = input(args.inputs, 'images');
  const { alignCorners, halfPixelCenters, size } = args.attrs as unknown as ResizeNearestNeighborAttrs;
  if (images.dtype !== 'float32' || images.shape.length !== 4 || util.sizeFromShape(images.shape) === 0) {
    return fallback(args);
  }
  if (size[0] <= 0 || size[1] <= 0) return fallback(args);
  const [batch, , , channels] = images.shape as [number, number, number, number];
  const backend = args.backend as FoveaWasmBackend;
  const out = resizeNearestNeighbor(
    backend.kernels, backend.float32Values(images), images.shape as [number, number, number, number], size,
    { alignCorners, halfPixelCenters },
  );
  return backend.float32Result([batch, size[0], size[1], channels], out);
};

export const resizeNearestNeighborConfig: KernelConfig = { kernelName: ResizeNearestNeighbor, backendName: BACKEND_NAME, kernelFunc };
