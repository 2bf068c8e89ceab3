import { Dilation2D, type KernelConfig } from '@tensorflow/tfjs-core';
import { dilation2DKernelConfig } from '../window_support.js';

// Grayscale dilation over NHWC (see window_support.ts).
export const dilation2DConfig: KernelConfig = dilation2DKernelConfig(Dilation2D);
