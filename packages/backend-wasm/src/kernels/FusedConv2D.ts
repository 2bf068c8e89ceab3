import { conv2d, packConv2DFilter } from '@fovea/kernels-wasm';
import {
  backend_util,
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { dilationsOrOne, float32Array, fusedEpilogue } from '../conv_support.js';
import { allFloat32, cpuKernel, input } from '../kernel_utils.js';
import { conv2dFilterCache } from './Conv2D.js';

const fallback = cpuKernel(FusedConv2D);

type Shape4 = [number, number, number, number];

const fusedConv2DKernel: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const { bias, preluActivationWeights } = args.inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
    args.attrs as unknown as FusedConv2DAttrs;
  if (!allFloat32(x, filter) || dataFormat === 'NCHW' || x.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4, filter.shape as Shape4, strides, dilationsOrOne(dilations), pad, dimRoundingMode, false, 'channelsLast',
  );
  if (info.outHeight * info.outWidth * info.batchSize === 0) return fallback(args);
  const epilogue = fusedEpilogue(backend, info.outChannels, 4, activation, leakyreluAlpha, bias, preluActivationWeights);
  if (epilogue === undefined) return fallback(args);
  const packed = conv2dFilterCache.get(filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, () =>
    packConv2DFilter(backend.kernels, float32Array(backend, filter), info),
  );
  return backend.float32Result(info.outShape, conv2d(backend.kernels, float32Array(backend, x), packed, info, epilogue));
};

export const fusedConv2DConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: BACKEND_NAME,
  kernelFunc: fusedConv2DKernel,
};
