import { IsFinite, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// A bool result, one byte per element.
export const isFiniteConfig: KernelConfig = unaryOpConfig(IsFinite, 'isFinite');
