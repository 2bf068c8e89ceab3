import { Cumprod, type CumprodAttrs, type KernelConfig } from '@tensorflow/tfjs-core';
import { scanConfig } from '../reduce_support.js';

export const cumprodConfig: KernelConfig = scanConfig(Cumprod, 'prod', (attrs) => attrs as unknown as CumprodAttrs);
