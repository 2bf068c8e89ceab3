import { type KernelConfig, Atan2 } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// Math.atan2 per element in f64.
export const atan2Config: KernelConfig = binaryConfig(Atan2, 'atan2');
