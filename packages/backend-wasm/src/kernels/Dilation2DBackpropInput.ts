import { Dilation2DBackpropInput, type KernelConfig } from '@tensorflow/tfjs-core';
import { dilation2DKernelConfig } from '../window_support.js';

// Dilation2D's gradient with respect to x (see window_support.ts).
export const dilation2DBackpropInputConfig: KernelConfig = dilation2DKernelConfig(Dilation2DBackpropInput, 'input');
