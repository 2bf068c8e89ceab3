import { type KernelConfig, BitwiseAnd } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// int32 operands only (tfjs's op accepts no other dtype).
export const bitwiseAndConfig: KernelConfig = binaryConfig(BitwiseAnd, 'bitwiseAnd');
