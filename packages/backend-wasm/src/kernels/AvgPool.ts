import { AvgPool, type KernelConfig } from '@tensorflow/tfjs-core';
import { avgPool2d } from '@foveajs/kernels-wasm';
import { pool2dConfig } from '../pool_support.js';

// Average pooling (padding not counted) over NHWC.
export const avgPoolConfig: KernelConfig = pool2dConfig(AvgPool, avgPool2d);
