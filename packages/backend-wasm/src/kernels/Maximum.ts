import { type KernelConfig, Maximum } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// faceres and other converted graphs clamp with Maximum/Minimum (ReLU6 as min(max(x, 0), 6)).
export const maximumConfig: KernelConfig = binaryConfig(Maximum, 'maximum');
