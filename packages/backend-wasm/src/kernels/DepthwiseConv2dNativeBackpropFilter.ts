import { depthwiseConv2dBackpropFilter, stagedConvPadding } from '@foveajs/kernels-wasm';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type ShapeMap,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { depthwiseBackpropSupported, dilationsOrOne, expectWindowSteps } from '../conv_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';
import { allFinite } from '../packing_support.js';

const fallback = cpuKernel(DepthwiseConv2dNativeBackpropFilter);

const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const dy = input(args.inputs, 'dy');
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  expectWindowSteps(DepthwiseConv2dNativeBackpropFilter, strides, dilationsOrOne(dilations));
  if (!allFloat32(x, dy) || x.shape.length !== 4 || dy.shape.length !== 4) return fallback(args);
  const info = backend_util.computeConv2DInfo(
    x.shape as ShapeMap['R4'], filterShape, strides, dilationsOrOne(dilations), pad, dimRoundingMode, true,
  );
  if (!depthwiseBackpropSupported(info, dy)) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const dyValues = float32Array(backend, dy);
  // x's staged zero padding meets every dy value: Inf · 0 would be NaN where the cpu skips padding.
  if (stagedConvPadding(info) && !allFinite(dyValues)) return fallback(args);
  const dF = depthwiseConv2dBackpropFilter(backend.kernels, float32Array(backend, x), dyValues, info);
  return backend.float32Result(filterShape, dF);
};

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: BACKEND_NAME,
  kernelFunc,
};
