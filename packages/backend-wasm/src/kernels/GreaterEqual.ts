import { type KernelConfig, GreaterEqual } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// A bool result, one byte per element.
export const greaterEqualConfig: KernelConfig = binaryConfig(GreaterEqual, 'greaterEqual');
