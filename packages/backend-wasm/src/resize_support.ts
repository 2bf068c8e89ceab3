import { type KernelConfig, type KernelFunc, type ResizeBilinearAttrs, type ShapeMap, util } from '@tensorflow/tfjs-core';
import type { FoveaKernels, ResizeOptions } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { cpuKernel, input } from './kernel_support.js';

/**
 * Shared by ResizeBilinear and ResizeNearestNeighbor: NHWC float32 images (tfjs's op has made
 * them 4-D) run `resize` in WASM; other dtypes and empty images run on the cpu.
 */
export function resizeConfig(
  kernelName: string,
  resize: (kernels: FoveaKernels, x: Float32Array, shape: ShapeMap['R4'], size: [number, number], options: ResizeOptions) => Float32Array,
): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const images = input(args.inputs, 'images');
    // ResizeNearestNeighborAttrs has the same fields.
    const { alignCorners, halfPixelCenters, size } = args.attrs as unknown as ResizeBilinearAttrs;
    if (images.dtype !== 'float32' || images.shape.length !== 4 || util.sizeFromShape(images.shape) === 0) {
      return fallback(args);
    }
    // Sizes that are not whole numbers >= 1, and both alignCorners and halfPixelCenters (tfjs's op
    // refuses that; its kernel computes something): the cpu's.
    if (!Array.isArray(size) || !size.every((d) => Number.isInteger(d) && d >= 1) || (alignCorners && halfPixelCenters)) return fallback(args);
    const [batch, , , channels] = images.shape as ShapeMap['R4'];
    const backend = args.backend as FoveaWasmBackend;
    const out = resize(backend.kernels, backend.float32Values(images), images.shape as ShapeMap['R4'], size, { alignCorners, halfPixelCenters });
    return backend.float32Result([batch, size[0], size[1], channels], out);
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}
