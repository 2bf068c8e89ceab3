import { IsNan, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// A bool result, one byte per element.
export const isNanConfig: KernelConfig = unaryOpConfig(IsNan, 'isNaN');
