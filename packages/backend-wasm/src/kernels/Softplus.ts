import { Softplus, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// The cpu's thresholds and formula, in f64 per element.
export const softplusConfig: KernelConfig = unaryOpConfig(Softplus, 'softplus');
