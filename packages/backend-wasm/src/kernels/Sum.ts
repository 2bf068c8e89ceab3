import { type KernelConfig, Sum, type SumAttrs } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const sumConfig: KernelConfig = reductionConfig(Sum, 'sum', (attrs) => (attrs as unknown as SumAttrs).axis);
