import { type KernelConfig, LogicalAnd } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// bool operands, one byte each.
export const logicalAndConfig: KernelConfig = binaryConfig(LogicalAnd, 'logicalAnd');
