import { Abs, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 abs; int32 too.
export const absConfig: KernelConfig = unaryOpConfig(Abs, 'abs');
