import { depthwiseConv2d } from '@fovea/kernels-wasm';
import {
  backend_util,
  DepthwiseConv2dNative,
  type DepthwiseConv2dNativeAttrs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { dilationsOrOne, float32Array } from '../conv_support.js';
import { allFloat32, cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(DepthwiseConv2dNative);

type Shape4 = [number, number, number, number];

const depthwiseConv2dNativeKernel: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as DepthwiseConv2dNativeAttrs;
  if (!allFloat32(x, filter) || dataFormat === 'NCHW' || x.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4, filter.shape as Shape4, strides, dilationsOrOne(dilations), pad, dimRoundingMode, true, 'channelsLast',
  );
  if (info.outHeight * info.outWidth * info.batchSize === 0) return fallback(args);
  const values = depthwiseConv2d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), info);
  return backend.float32Result(info.outShape, values);
};

export const depthwiseConv2dNativeConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNative,
  backendName: BACKEND_NAME,
  kernelFunc: depthwiseConv2dNativeKernel,
};
