import { LogicalNot, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// bool in, bool out (one byte each).
export const logicalNotConfig: KernelConfig = unaryOpConfig(LogicalNot, 'logicalNot');
