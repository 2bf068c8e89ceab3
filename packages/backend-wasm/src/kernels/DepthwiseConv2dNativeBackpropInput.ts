import { depthwiseConv2dBackpropInput } from '@foveajs/kernels-wasm';
import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type ShapeMap,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { depthwiseBackpropSupported, dilationsOrOne } from '../conv_support.js';
import { allFloat32, cpuKernel, float32Array, input, refuseZeroSteps } from '../kernel_support.js';
import { finiteValues } from '../packing_support.js';

const fallback = cpuKernel(DepthwiseConv2dNativeBackpropInput);

const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const filter = input(args.inputs, 'filter');
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  refuseZeroSteps(DepthwiseConv2dNativeBackpropInput, { strides, dilations });
  if (!allFloat32(dy, filter) || dy.shape.length !== 4 || filter.shape.length !== 4) return fallback(args);
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as ShapeMap['R4'], strides, dilationsOrOne(dilations), pad, dimRoundingMode, true,
  );
  const backend = args.backend as FoveaWasmBackend;
  // dy's staged padding and holes meet every filter value: Inf · 0 would be NaN where the cpu skips them.
  if (!depthwiseBackpropSupported(info, dy) || !finiteValues(backend, filter)) return fallback(args);
  const dx = depthwiseConv2dBackpropInput(backend.kernels, float32Array(backend, dy), float32Array(backend, filter), info);
  return backend.float32Result(info.inShape, dx);
};

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: BACKEND_NAME,
  kernelFunc,
};
