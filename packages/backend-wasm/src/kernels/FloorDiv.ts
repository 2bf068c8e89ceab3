import { type KernelConfig, FloorDiv } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// floor(a / b) in f64, stored as int32 (the cpu kernel's result dtype).
export const floorDivConfig: KernelConfig = binaryConfig(FloorDiv, 'floorDiv');
