import { FusedConv2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { convConfig, convolve } from '../conv_support.js';

export const fusedConv2DConfig: KernelConfig = convConfig(FusedConv2D, { depthwise: false, fused: true }, convolve);
