import { Conv2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig, convolve } from '../conv_support.js';

export const conv2DConfig: KernelConfig = convConfig(Conv2D, { depthwise: false, fused: false }, (backend, x, filter, info) =>
  convolve(backend, x, filter, info),
);
