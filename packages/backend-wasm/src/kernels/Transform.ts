import { type KernelConfig, type KernelFunc, Transform, type TransformAttrs } from '@tensorflow/tfjs-core';
import { transform } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(Transform);

// The cpu's f64 projection, fill modes and interpolation per output pixel, for every image of
// the batch (tfjs's cpu kernel returns after the first image, leaving the others at the fill
// value); rows split across threads.
const kernelFunc: KernelFunc = (args) => {
  const image = input(args.inputs, 'image');
  const transforms = input(args.inputs, 'transforms');
  if ((image.dtype !== 'float32' && image.dtype !== 'int32') || image.shape.length !== 4 || transforms.dtype !== 'float32') return fallback(args);
  const { interpolation, fillMode, fillValue, outputShape } = args.attrs as unknown as TransformAttrs;
  const shape = image.shape as [number, number, number, number];
  const [batch, height, width, channels] = shape;
  const [outHeight, outWidth] = outputShape ?? [height, width];
  const backend = args.backend as FoveaWasmBackend;
  const values = backend.values(image) as Float32Array | Int32Array;
  const out = transform(backend.kernels, values, shape, float32Array(backend, transforms), outHeight, outWidth, interpolation, fillMode, fillValue);
  return backend.result([batch, outHeight, outWidth, channels], image.dtype, out);
};

export const transformConfig: KernelConfig = { kernelName: Transform, backendName: BACKEND_NAME, kernelFunc };
