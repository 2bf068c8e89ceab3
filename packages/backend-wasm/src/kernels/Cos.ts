import { Cos, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Math.cos in f64 per element (musl's libm), rounded to float32 as the cpu's.
export const cosConfig: KernelConfig = unaryOpConfig(Cos, 'cos');
