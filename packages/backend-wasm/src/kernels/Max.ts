import { type KernelConfig, Max, type MaxAttrs } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const maxConfig: KernelConfig = reductionConfig(Max, 'max', (attrs) => (attrs as unknown as MaxAttrs).reductionIndices);
