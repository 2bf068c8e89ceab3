import { Ceil, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 ceil: exact.
export const ceilConfig: KernelConfig = unaryOpConfig(Ceil, 'ceil');
