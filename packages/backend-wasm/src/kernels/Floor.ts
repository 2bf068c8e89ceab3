import { Floor, type KernelConfig } from '@tensorflow/tfjs-core';
import { unaryOpConfig } from '../unary_support.js';

// f32x4 floor: exact.
export const floorConfig: KernelConfig = unaryOpConfig(Floor, 'floor');
