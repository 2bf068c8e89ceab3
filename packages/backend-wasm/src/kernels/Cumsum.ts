import { Cumsum, type CumsumAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { scanConfig } from '../reduce_support.js';

export const cumsumConfig: KernelConfig = scanConfig(Cumsum, 'sum', (attrs) => attrs as unknown as CumsumAttrs);
