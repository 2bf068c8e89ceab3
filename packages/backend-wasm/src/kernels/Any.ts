import { Any, type AnyAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const anyConfig: KernelConfig = reductionConfig(Any, 'any', (attrs) => (attrs as unknown as AnyAttrs).axis);
