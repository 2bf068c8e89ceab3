import { All, type AllAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const allConfig: KernelConfig = reductionConfig(All, 'all', (attrs) => (attrs as unknown as AllAttrs).axis);
