import { type KernelConfig, NotEqual } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// A bool result, one byte per element.
export const notEqualConfig: KernelConfig = binaryConfig(NotEqual, 'notEqual');
