import { type KernelConfig, Greater } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// A bool result, one byte per element.
export const greaterConfig: KernelConfig = binaryConfig(Greater, 'greater');
