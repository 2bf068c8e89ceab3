import { conv2d, packConv2DFilter } from '@fovea/kernels-wasm';
import { Conv2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig, float32Array, PackedWeightsCache } from '../conv_support.js';

/** Filters packed for the GEMM, shared with FusedConv2D (same packing). */
export const conv2dFilterCache = new PackedWeightsCache();

export const conv2DConfig: KernelConfig = convConfig(Conv2D, { depthwise: false, fused: false }, (backend, x, filter, info) => {
  const packed = conv2dFilterCache.get(backend, filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, () =>
    packConv2DFilter(backend.kernels, float32Array(backend, filter), info),
  );
  return conv2d(backend.kernels, float32Array(backend, x), packed, info);
});
