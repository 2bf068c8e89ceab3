import { type KernelConfig, type KernelFunc, LogicalXor } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// tfjs's cpu backend has no LogicalXor (its op composes and/or/not); the kernel takes bools only.
const noFallback: KernelFunc = ({ inputs }) => {
  throw new Error(`LogicalXor: got ${inputs.a?.dtype} and ${inputs.b?.dtype} operands, expected bool tensors of broadcastable shapes`);
};

export const logicalXorConfig: KernelConfig = binaryConfig(LogicalXor, 'logicalXor', noFallback);
