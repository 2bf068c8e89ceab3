import { Sign, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 compares: exact (NaN and ±0 give 0).
export const signConfig: KernelConfig = unaryOpConfig(Sign, 'sign');
