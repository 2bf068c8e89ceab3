import { type KernelConfig, type KernelFunc, RotateWithOffset, type RotateWithOffsetAttrs } from '@tensorflow/tfjs-core';
import { rotateWithOffset } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(RotateWithOffset);

// The cpu's f64 coordinates and rounding per pixel; rows split across threads.
const kernelFunc: KernelFunc = (args) => {
  const image = input(args.inputs, 'image');
  if ((image.dtype !== 'float32' && image.dtype !== 'int32') || image.shape.length !== 4) return fallback(args);
  const { radians, fillValue, center } = args.attrs as unknown as RotateWithOffsetAttrs;
  const shape = image.shape as [number, number, number, number];
  const [, height, width, channels] = shape;
  // tfjs's getImageCenter, and its fill: one value, or one per channel with 255 for channel 3.
  const centerX = width * (typeof center === 'number' ? center : center[0]);
  const centerY = height * (typeof center === 'number' ? center : center[1]);
  const fill = Array.from({ length: channels }, (_, c) => (typeof fillValue === 'number' ? fillValue : c === 3 ? 255 : fillValue[c]!));
  const backend = args.backend as FoveaWasmBackend;
  const out = rotateWithOffset(backend.kernels, backend.values(image) as Float32Array | Int32Array, shape, radians, centerX, centerY, fill);
  return backend.result(image.shape, image.dtype, out);
};

export const rotateWithOffsetConfig: KernelConfig = { kernelName: RotateWithOffset, backendName: BACKEND_NAME, kernelFunc };
