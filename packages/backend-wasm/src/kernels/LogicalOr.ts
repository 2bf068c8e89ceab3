import { type KernelConfig, LogicalOr } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// bool operands, one byte each.
export const logicalOrConfig: KernelConfig = binaryConfig(LogicalOr, 'logicalOr');
