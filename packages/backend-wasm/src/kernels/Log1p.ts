import { Log1p, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Math.log1p in f64 per element (musl's libm), rounded to float32 as the cpu's.
export const log1pConfig: KernelConfig = unaryOpConfig(Log1p, 'log1p');
