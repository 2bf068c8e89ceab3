import { depthwiseConv2d } from '@fovea/kernels-wasm';
import {
  backend_util,
  FusedDepthwiseConv2D,
  type FusedDepthwiseConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { dilationsOrOne, float32Array, fusedEpilogue } from '../conv_support.js';
import { allFloat32, cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(FusedDepthwiseConv2D);

type Shape4 = [number, number, number, number];

const fusedDepthwiseConv2DKernel: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const { bias, preluActivationWeights } = args.inputs;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
    args.attrs as unknown as FusedDepthwiseConv2DAttrs;
  if (!allFloat32(x, filter) || dataFormat === 'NCHW' || x.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4, filter.shape as Shape4, strides, dilationsOrOne(dilations), pad, dimRoundingMode, true, 'channelsLast',
  );
  if (info.outHeight * info.outWidth * info.batchSize === 0) return fallback(args);
  const epilogue = fusedEpilogue(backend, info.outChannels, 4, activation, leakyreluAlpha, bias, preluActivationWeights);
  if (epilogue === undefined) return fallback(args);
  const values = depthwiseConv2d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), info, epilogue);
  return backend.float32Result(info.outShape, values);
};

export const fusedDepthwiseConv2DConfig: KernelConfig = {
  kernelName: FusedDepthwiseConv2D,
  backendName: BACKEND_NAME,
  kernelFunc: fusedDepthwiseConv2DKernel,
};
