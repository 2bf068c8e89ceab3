import { Exp, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// Softmax and sigmoid written out in converted graphs: f32x4 polynomial within 1 ulp of the cpu's f64 Math.exp.
export const expConfig: KernelConfig = unaryOpConfig(Exp, 'exp');
