import { type KernelConfig, Mean, type MeanAttrs } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const meanConfig: KernelConfig = reductionConfig(Mean, 'mean', (attrs) => (attrs as unknown as MeanAttrs).axis);
