import { type KernelConfig, Less } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// A bool result, one byte per element.
export const lessConfig: KernelConfig = binaryConfig(Less, 'less');
