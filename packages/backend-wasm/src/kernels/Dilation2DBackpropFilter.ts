import { Dilation2DBackpropFilter, type KernelConfig } from '@tensorflow/tfjs-core';
import { dilation2DKernelConfig } from '../window_support.js';

// Dilation2D's gradient with respect to the filter (see window_support.ts).
export const dilation2DBackpropFilterConfig: KernelConfig = dilation2DKernelConfig(Dilation2DBackpropFilter, 'filter');
