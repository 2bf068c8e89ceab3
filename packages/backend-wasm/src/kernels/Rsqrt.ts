import { Rsqrt, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// 1 / sqrt(x) in f64x2, rounded once as the cpu's.
export const rsqrtConfig: KernelConfig = unaryOpConfig(Rsqrt, 'rsqrt');
