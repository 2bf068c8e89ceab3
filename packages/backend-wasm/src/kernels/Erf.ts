import { Erf, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// The cpu's Abramowitz–Stegun formula (tfjs's erf_util constants) in f64 per element.
export const erfConfig: KernelConfig = unaryOpConfig(Erf, 'erf');
