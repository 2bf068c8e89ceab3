import { CropAndResize, type CropAndResizeAttrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { cropAndResize } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input, int32Array } from '../kernel_support.js';

const fallback = cpuKernel(CropAndResize);

const kernelFunc: KernelFunc = (args) => {
  const image = input(args.inputs, 'image');
  const boxes = input(args.inputs, 'boxes');
  const boxInd = input(args.inputs, 'boxInd');
  // An empty image too: every box index misses it, which the cpu reads as NaN.
  if (image.dtype !== 'float32' || boxes.dtype !== 'float32' || image.shape.length !== 4 || util.sizeFromShape(image.shape) === 0) return fallback(args);
  const { cropSize, method, extrapolationValue } = args.attrs as unknown as CropAndResizeAttrs;
  const backend = args.backend as FoveaWasmBackend;
  const values = cropAndResize(
    backend.kernels, float32Array(backend, image), image.shape, float32Array(backend, boxes), int32Array(backend, boxInd), cropSize,
    { method, extrapolationValue },
  );
  return backend.float32Result([boxInd.shape[0]!, cropSize[0], cropSize[1], image.shape[3]!], values);
};

export const cropAndResizeConfig: KernelConfig = { kernelName: CropAndResize, backendName: BACKEND_NAME, kernelFunc };
