import { Reciprocal, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 division: exact.
export const reciprocalConfig: KernelConfig = unaryOpConfig(Reciprocal, 'reciprocal');
