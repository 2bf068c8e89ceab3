import { type KernelConfig, LessEqual } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// A bool result, one byte per element.
export const lessEqualConfig: KernelConfig = binaryConfig(LessEqual, 'lessEqual');
