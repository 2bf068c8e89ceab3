import { type KernelConfig, SquaredDifference } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// Computed in f64 as the cpu does: (a - b)² rounded once.
export const squaredDifferenceConfig: KernelConfig = binaryConfig(SquaredDifference, 'squaredDifference');
