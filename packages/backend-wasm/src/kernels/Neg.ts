import { Neg, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 neg; int32 too.
export const negConfig: KernelConfig = unaryOpConfig(Neg, 'neg');
