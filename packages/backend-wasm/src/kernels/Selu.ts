import { Selu, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Math.selu in f64 per element (musl's libm), rounded to float32 as the cpu's.
export const seluConfig: KernelConfig = unaryOpConfig(Selu, 'selu');
