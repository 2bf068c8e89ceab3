import { Round, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Banker's rounding as the cpu's formula (f32x4 nearest, with its +0 for -0.5).
export const roundConfig: KernelConfig = unaryOpConfig(Round, 'round');
