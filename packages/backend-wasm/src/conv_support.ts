// Shared by the convolution kernel files: Conv2D and FusedConv2D compute with `convolve` (one
// filter cache for both), and every forward convolution kernel runs through `convConfig`.
import {
  conv2d,
  convGeometryProblem,
  type Epilogue,
  packConv2DFilter,
  packWinogradFilter,
  winogradApplies,
  winogradConv2d,
} from '@foveajs/kernels-wasm';
import {
  backend_util,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type ShapeMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { fusedEpilogue, fusedFallback } from './fused_support.js';
import { allFloat32, cpuKernel, float32Array, input, refuseZeroSteps } from './kernel_support.js';
import { finiteValues, PackedWeightsCache } from './packing_support.js';

/** tfjs passes `dilations: null` for the default (its cpu kernels treat it as 1). */
export function dilationsOrOne(dilations: number | [number, number] | null | undefined): number | [number, number] {
  return dilations ?? 1;
}

/**
 * Throw unless strides and dilations are positive whole numbers (one, or a pair), before
 * computeConv2DInfo divides by them. For the kernels no cpu kernel can answer: the grouped conv has
 * none, and with a stride of 0 (or a tiny one) the cpu's filter gradients size their loops by an
 * infinite output and never return.
 */
export function expectWindowSteps(kernelName: string, strides: unknown, dilations: unknown): void {
  for (const [name, value] of [['strides', strides], ['dilations', dilations]] as const) {
    const pair = typeof value === 'number' ? [value, value] : value;
    if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= 1)) {
      throw new Error(`${kernelName}: ${name} must be a positive whole number or two, got ${JSON.stringify(value)}`);
    }
  }
}

/**
 * Whether our kernels compute this convolution: a geometry they accept (convGeometryProblem: no
 * zero stride, no negative output size from a filter larger than a 'valid' input, nothing beyond
 * 32-bit indexing) with a non-empty input and output. Everything else is the cpu kernel's, so
 * results and errors are tfjs's own.
 */
export function convInWasm(info: backend_util.Conv2DInfo): boolean {
  const sizes = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels];
  return sizes.every((d) => d > 0) && convGeometryProblem(info) === undefined;
}

/** Filters packed for the GEMM (kh·kw·Cin rows). */
const conv2dFilterCache = new PackedWeightsCache();
/** Filters transformed and packed for Winograd F(2×2, 3×3) (16·Cin rows). */
const winogradFilterCache = new PackedWeightsCache();

/**
 * Conv2D and FusedConv2D in WASM: Winograd where it applies and the backend allows it
 * (`winograd`), else the packed GEMM. Each packing is made once per filter tensor.
 */
export function convolve(
  backend: FoveaWasmBackend,
  x: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
  epilogue?: Epilogue,
): Float32Array {
  const { kernels } = backend;
  const direct = () => {
    const packed = conv2dFilterCache.get(backend, filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, () =>
      packConv2DFilter(kernels, float32Array(backend, filter), info),
    );
    return conv2d(kernels, float32Array(backend, x), packed, info, epilogue);
  };
  if (backend.winograd && winogradApplies(info)) {
    const packed = winogradFilterCache.get(backend, filter, 16 * info.inChannels, info.outChannels, () =>
      packWinogradFilter(kernels, float32Array(backend, filter), info),
    );
    // Inputs where Winograd's transforms would change IEEE results (Inf, NaN, near-overflow) run `direct`.
    return winogradConv2d(kernels, float32Array(backend, x), packed, info, epilogue, direct);
  }
  return direct();
}

/**
 * Shared by Conv2D, DepthwiseConv2dNative and their fused forms: NHWC float32 x and filter (with,
 * when `fused`, a bias / activation epilogue the kernels handle) run `compute` in WASM; the rest
 * runs on the cpu.
 */
export function convConfig(
  kernelName: string,
  { depthwise, fused }: { depthwise: boolean; fused: boolean },
  compute: (
    backend: FoveaWasmBackend,
    x: TensorInfo,
    filter: TensorInfo,
    info: backend_util.Conv2DInfo,
    epilogue: Epilogue | undefined,
  ) => Float32Array,
): KernelConfig {
  const fallback = fused ? fusedFallback(kernelName) : cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    const filter = input(args.inputs, 'filter');
    // Conv2DAttrs, DepthwiseConv2dNativeAttrs and FusedDepthwiseConv2DAttrs have these fields too.
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
      args.attrs as unknown as FusedConv2DAttrs;
    refuseZeroSteps(kernelName, { strides, dilations });
    if (!allFloat32(x, filter) || dataFormat === 'NCHW' || x.shape.length !== 4) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    const info = backend_util.computeConv2DInfo(
      x.shape as ShapeMap['R4'], filter.shape as ShapeMap['R4'], strides, dilationsOrOne(dilations), pad, dimRoundingMode, depthwise, 'channelsLast',
    );
    if (!convInWasm(info)) return fallback(args);
    // tfjs's cpu depthwise kernels refuse strides and dilations both above 1: so do we, with their error.
    if (depthwise && (info.strideHeight > 1 || info.strideWidth > 1) && (info.dilationHeight > 1 || info.dilationWidth > 1)) return fallback(args);
    // A GEMM convolution multiplies its zero padding by the filter: Inf · 0 would be NaN where the cpu skips padding.
    if (!depthwise && !finiteValues(backend, filter)) return fallback(args);
    let epilogue: Epilogue | undefined;
    if (fused) {
      const { bias, preluActivationWeights } = args.inputs;
      epilogue = fusedEpilogue(backend, info.outChannels, 4, activation, leakyreluAlpha, bias, preluActivationWeights);
      if (epilogue === undefined) return fallback(args);
    }
    return backend.float32Result(info.outShape, compute(backend, x, filter, info, epilogue));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/**
 * Whether the depthwise gradient kernels handle `info` in WASM: non-empty, dy of the forward
 * output's shape, unit dilations. (The cpu kernel sizes dilated problems but ignores the dilation
 * in its loops; tfjs's gradient never passes one (it asserts unit dilations), so direct calls keep
 * the cpu's results.)
 */
export function depthwiseBackpropSupported(info: backend_util.Conv2DInfo, dy: TensorInfo): boolean {
  if (!convInWasm(info) || dy.shape.join() !== info.outShape.join()) return false;
  return info.dilationHeight === 1 && info.dilationWidth === 1;
}
