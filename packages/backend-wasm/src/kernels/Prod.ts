import { Prod, type ProdAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { reductionConfig } from '../reduce_support.js';

export const prodConfig: KernelConfig = reductionConfig(Prod, 'prod', (attrs) => (attrs as unknown as ProdAttrs).axis);
