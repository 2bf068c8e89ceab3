import { DepthToSpace, type DepthToSpaceAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { depthToSpace } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(DepthToSpace);

// NHWC only, as tfjs's cpu kernel (which throws for NCHW).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { blockSize, dataFormat } = args.attrs as unknown as DepthToSpaceAttrs;
  if (!allNumeric(x) || dataFormat !== 'NHWC' || x.shape.length !== 4) return fallback(args);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const outShape = [n, h * blockSize, w * blockSize, c / (blockSize * blockSize)];
  const backend = args.backend as FoveaWasmBackend;
  return backend.result(outShape, x.dtype as NumericDtype, depthToSpace(backend.kernels, typedArray(backend, x), x.shape, blockSize));
};

export const depthToSpaceConfig: KernelConfig = { kernelName: DepthToSpace, backendName: BACKEND_NAME, kernelFunc };
