import { Log, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 polynomial within 1 ulp of the cpu's f64 Math.log (zero, negative, denormal, infinite and NaN lanes by libm).
export const logConfig: KernelConfig = unaryOpConfig(Log, 'log');
