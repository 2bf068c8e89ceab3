import { conv2d, packConv2DFilter } from '@fovea/kernels-wasm';
import {
  backend_util,
  Conv2D,
  type Conv2DAttrs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { dilationsOrOne, float32Array, PackedWeightsCache } from '../conv_support.js';
import { allFloat32, cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Conv2D);

/** Filters packed for the GEMM, shared with FusedConv2D (same packing). */
export const conv2dFilterCache = new PackedWeightsCache();

type Shape4 = [number, number, number, number];

const conv2DKernel: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Conv2DAttrs;
  if (!allFloat32(x, filter) || dataFormat === 'NCHW' || x.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4, filter.shape as Shape4, strides, dilationsOrOne(dilations), pad, dimRoundingMode, false, 'channelsLast',
  );
  if (info.outHeight * info.outWidth * info.batchSize === 0) return fallback(args);
  const packed = conv2dFilterCache.get(filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, () =>
    packConv2DFilter(backend.kernels, float32Array(backend, filter), info),
  );
  return backend.float32Result(info.outShape, conv2d(backend.kernels, float32Array(backend, x), packed, info));
};

export const conv2DConfig: KernelConfig = { kernelName: Conv2D, backendName: BACKEND_NAME, kernelFunc: conv2DKernel };
