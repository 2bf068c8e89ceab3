import { conv2d, type Epilogue, packConv2DFilter, packWinogradFilter, winogradApplies, winogradConv2d } from '@foveajs/kernels-wasm';
import { type backend_util, Conv2D, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from '../backend.js';
import { convConfig, float32Array, PackedWeightsCache } from '../conv_support.js';

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
  if (backend.winograd && winogradApplies(info)) {
    const packed = winogradFilterCache.get(backend, filter, 16 * info.inChannels, info.outChannels, () =>
      packWinogradFilter(kernels, float32Array(backend, filter), info),
    );
    return winogradConv2d(kernels, float32Array(backend, x), packed, info, epilogue);
  }
  const packed = conv2dFilterCache.get(backend, filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, () =>
    packConv2DFilter(kernels, float32Array(backend, filter), info),
  );
  return conv2d(kernels, float32Array(backend, x), packed, info, epilogue);
}

export const conv2DConfig: KernelConfig = convConfig(Conv2D, { depthwise: false, fused: false }, (backend, x, filter, info) =>
  convolve(backend, x, filter, info),
);
