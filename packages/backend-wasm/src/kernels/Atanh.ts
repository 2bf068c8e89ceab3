import { Atanh, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Math.atanh in f64 per element (musl's libm), rounded to float32 as the cpu's.
export const atanhConfig: KernelConfig = unaryOpConfig(Atanh, 'atanh');
