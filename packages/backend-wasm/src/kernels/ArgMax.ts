import { ArgMax, type ArgMaxAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { argReductionConfig } from '../reduce_support.js';

// YOLO-style heads take the class of each of thousands of boxes: ArgMax over the last axis.
export const argMaxConfig: KernelConfig = argReductionConfig(ArgMax, 'max', (attrs) => (attrs as unknown as ArgMaxAttrs).axis);
