import { Min, type MinAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const minConfig: KernelConfig = reductionConfig(Min, 'min', (attrs) => (attrs as unknown as MinAttrs).axis);
