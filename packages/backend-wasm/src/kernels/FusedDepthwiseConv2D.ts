import { depthwiseConv2d } from '@foveajs/kernels-wasm';
import { FusedDepthwiseConv2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig } from '../conv_support.js';
import { float32Array } from '../kernel_support.js';

export const fusedDepthwiseConv2DConfig: KernelConfig = convConfig(
  FusedDepthwiseConv2D,
  { depthwise: true, fused: true },
  (backend, x, filter, info, epilogue) =>
    depthwiseConv2d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), info, epilogue),
);
