import { Expm1, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Math.expm1 in f64 per element (musl's libm), rounded to float32 as the cpu's.
export const expm1Config: KernelConfig = unaryOpConfig(Expm1, 'expm1');
