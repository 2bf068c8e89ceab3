import { type KernelConfig, MaxPool } from '@tensorflow/tfjs-core';
import { maxPool2d } from '@foveajs/kernels-wasm';
import { pool2dConfig } from '../pool_support.js';

// Max pooling over NHWC.
export const maxPoolConfig: KernelConfig = pool2dConfig(MaxPool, maxPool2d);
