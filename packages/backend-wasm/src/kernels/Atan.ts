import { Atan, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Math.atan in f64 per element (musl's libm), rounded to float32 as the cpu's.
export const atanConfig: KernelConfig = unaryOpConfig(Atan, 'atan');
