import { FlipLeftRight, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { reverse } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(FlipLeftRight);

// tf.image.flipLeftRight of [batch, height, width, channels]: the width axis reversed, whole pixels at a time.
const kernelFunc: KernelFunc = (args) => {
  const image = input(args.inputs, 'image');
  if (!allNumeric(image) || image.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.result(image.shape, image.dtype as NumericDtype, reverse(backend.kernels, typedArray(backend, image), image.shape, [2]));
};

export const flipLeftRightConfig: KernelConfig = { kernelName: FlipLeftRight, backendName: BACKEND_NAME, kernelFunc };
