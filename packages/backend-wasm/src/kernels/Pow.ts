import { type KernelConfig, Pow } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// Math.pow per element in f64 (with JS's NaN for a NaN exponent and (±1)^±Infinity).
export const powConfig: KernelConfig = binaryConfig(Pow, 'pow');
