import { conv2dBackpropFilter, stagedConvPadding } from '@foveajs/kernels-wasm';
import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type ShapeMap,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { convInWasm, expectWindowSteps } from '../conv_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';
import { allFinite } from '../packing_support.js';

const fallback = cpuKernel(Conv2DBackpropFilter);

// The filter gradient of Conv2D (and of FusedConv2D), the largest GEMM of a CNN's backward pass.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const dy = input(args.inputs, 'dy');
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  expectWindowSteps(Conv2DBackpropFilter, strides, 1);
  if (!allFloat32(x, dy) || dataFormat === 'NCHW' || x.shape.length !== 4 || dy.shape.length !== 4) return fallback(args);
  const info = backend_util.computeConv2DInfo(
    x.shape as ShapeMap['R4'], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  if (!convInWasm(info)) return fallback(args);
  // tfjs's cpu kernel tolerates a dy larger than the forward output (it reads a corner of it).
  if (dy.shape.join() !== info.outShape.join()) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const dyValues = float32Array(backend, dy);
  // x's staged zero padding meets every dy value: Inf · 0 would be NaN where the cpu skips padding.
  if (stagedConvPadding(info) && !allFinite(dyValues)) return fallback(args);
  const dW = conv2dBackpropFilter(backend.kernels, float32Array(backend, x), dyValues, info);
  return backend.float32Result(filterShape, dW);
};

export const conv2DBackpropFilterConfig: KernelConfig = { kernelName: Conv2DBackpropFilter, backendName: BACKEND_NAME, kernelFunc };
