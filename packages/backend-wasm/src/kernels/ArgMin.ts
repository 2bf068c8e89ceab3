import { ArgMin, type ArgMinAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { argReductionConfig } from '../reduce_support.js';

export const argMinConfig: KernelConfig = argReductionConfig(ArgMin, 'min', (attrs) => (attrs as unknown as ArgMinAttrs).axis);
