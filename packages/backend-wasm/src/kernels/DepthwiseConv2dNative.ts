import { depthwiseConv2d } from '@foveajs/kernels-wasm';
import { DepthwiseConv2dNative, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig } from '../conv_support.js';
import { float32Array } from '../kernel_support.js';

export const depthwiseConv2dNativeConfig: KernelConfig = convConfig(
  DepthwiseConv2dNative,
  { depthwise: true, fused: false },
  (backend, x, filter, info) => depthwiseConv2d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), info),
);
