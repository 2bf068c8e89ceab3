import {
  conv2dBackpropInput,
  conv2dBackpropInputAsConv,
  conv2dBackpropInputByPhases,
  flipConv2DFilter,
  type PackedPhases,
  packConv2DBackpropInputFilter,
  packConv2DBackpropInputPhases,
  packWinogradFilter,
  transposeByPhases,
  winogradApplies,
  winogradConv2d,
} from '@foveajs/kernels-wasm';
import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type ShapeMap,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { convInWasm } from '../conv_support.js';
import { allFloat32, cpuKernel, float32Array, input, refuseZeroSteps } from '../kernel_support.js';
import { finiteValues, PackedWeightsCache } from '../packing_support.js';

const fallback = cpuKernel(Conv2DBackpropInput);

/** Flipped, channel-swapped filters (a different packing from Conv2D's). */
const filterCache = new PackedWeightsCache();
/** The same, transformed for Winograd. */
const winogradFilterCache = new PackedWeightsCache();
/** Strided (a strided Conv2DTranspose, FCN's upsampling): one sub-filter per sub-pixel phase. */
const phasesFilterCache = new PackedWeightsCache<PackedPhases>();

const conv2DBackpropInputKernel: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const filter = input(args.inputs, 'filter');
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Conv2DBackpropInputAttrs;
  refuseZeroSteps(Conv2DBackpropInput, { strides });
  if (!allFloat32(dy, filter) || dataFormat === 'NCHW' || dy.shape.length !== 4) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const info = backend_util.computeConv2DInfo(
    inputShape, filter.shape as ShapeMap['R4'], strides, 1, pad, dimRoundingMode, false, 'channelsLast',
  );
  if (!convInWasm(info)) return fallback(args);
  // tfjs's cpu kernel tolerates a dy larger than the forward output (it reads a corner of it).
  if (dy.shape.join() !== info.outShape.join()) return fallback(args);
  // dy's staged padding and holes meet every filter value: Inf · 0 would be NaN where the cpu skips them.
  if (!finiteValues(backend, filter)) return fallback(args);
  // Strided: by sub-pixel phases, stride² fewer multiply-adds than a convolution of dy with holes.
  if (transposeByPhases(info)) {
    const phases = phasesFilterCache.get(backend, filter, info.filterHeight * info.filterWidth * info.outChannels, info.inChannels, () =>
      packConv2DBackpropInputPhases(backend.kernels, float32Array(backend, filter), info),
    );
    // The same filter tensor used at another stride: its cached phases do not fit (the holes path runs).
    const last = phases.phases.at(-1);
    if (last?.rowPhase === info.strideHeight - 1 && last.colPhase === info.strideWidth - 1) {
      return backend.float32Result(info.inShape, conv2dBackpropInputByPhases(backend.kernels, float32Array(backend, dy), phases, info));
    }
  }
  const direct = () => {
    const packed = filterCache.get(backend, filter, info.filterHeight * info.filterWidth * info.outChannels, info.inChannels, () =>
      packConv2DBackpropInputFilter(backend.kernels, float32Array(backend, filter), info),
    );
    return conv2dBackpropInput(backend.kernels, float32Array(backend, dy), packed, info);
  };
  // After a stride-1 3×3 conv, dx is itself such a conv of dy: Winograd where it applies.
  const asConv = backend.winograd ? conv2dBackpropInputAsConv(info) : undefined;
  if (asConv !== undefined && winogradApplies(asConv)) {
    const flipped = winogradFilterCache.get(backend, filter, 16 * info.outChannels, info.inChannels, () =>
      packWinogradFilter(backend.kernels, flipConv2DFilter(float32Array(backend, filter), info), asConv),
    );
    return backend.float32Result(info.inShape, winogradConv2d(backend.kernels, float32Array(backend, dy), flipped, asConv, {}, direct));
  }
  return backend.float32Result(info.inShape, direct());
};

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: BACKEND_NAME,
  kernelFunc: conv2DBackpropInputKernel,
};
