import { conv2d, packConv2DFilter } from '@fovea/kernels-wasm';
import { FusedConv2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig, float32Array } from '../conv_support.js';
import { conv2dFilterCache } from './Conv2D.js';

export const fusedConv2DConfig: KernelConfig = convConfig(FusedConv2D, { depthwise: false, fused: true }, (backend, x, filter, info, epilogue) => {
  const packed = conv2dFilterCache.get(backend, filter, info.filterHeight * info.filterWidth * info.inChannels, info.outChannels, () =>
    packConv2DFilter(backend.kernels, float32Array(backend, filter), info),
  );
  return conv2d(backend.kernels, float32Array(backend, x), packed, info, epilogue);
});
