import { type KernelConfig, type KernelFunc, ResizeBilinearGrad, type ResizeBilinearGradAttrs, type ShapeMap } from '@tensorflow/tfjs-core';
import { resizeBilinearGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(ResizeBilinearGrad);

const kernelFunc: KernelFunc = (args) => {
  const images = input(args.inputs, 'images');
  const dy = input(args.inputs, 'dy');
  const { alignCorners } = args.attrs as unknown as ResizeBilinearGradAttrs;
  if (!allFloat32(dy) || images.shape.length !== 4 || dy.shape.length !== 4) return fallback(args);
  const [batch, height, width, channels] = images.shape as ShapeMap['R4'];
  const [, outHeight, outWidth] = dy.shape as ShapeMap['R4'];
  const backend = args.backend as FoveaWasmBackend;
  // Nothing flows back from an empty dy (and an empty image takes none): zeros of the images'
  // shape, where the cpu kernel would label them [batch, width, height, C].
  if (batch * height * width * channels * outHeight * outWidth === 0) {
    if (dy.shape[0] !== batch || dy.shape[3] !== channels) return fallback(args);
    return backend.float32Result(images.shape, new Float32Array(batch * height * width * channels));
  }
  const dx = resizeBilinearGrad(
    backend.kernels, float32Array(backend, dy), [batch, height, width, channels], [outHeight, outWidth], alignCorners,
  );
  // The images' shape: tfjs's cpu kernel returns [batch, width, height, C] (the same values),
  // which only works for square images.
  return backend.float32Result(images.shape, dx);
};

export const resizeBilinearGradConfig: KernelConfig = { kernelName: ResizeBilinearGrad, backendName: BACKEND_NAME, kernelFunc };
