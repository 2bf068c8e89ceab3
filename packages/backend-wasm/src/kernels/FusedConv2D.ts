import { FusedConv2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig } from '../conv_support.js';
import { convolve } from './Conv2D.js';

export const fusedConv2DConfig: KernelConfig = convConfig(FusedConv2D, { depthwise: false, fused: true }, convolve);
