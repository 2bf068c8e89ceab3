import { type KernelConfig, ResizeNearestNeighbor } from '@tensorflow/tfjs-core';
import { resizeNearestNeighbor } from '@foveajs/kernels-wasm';
import { resizeConfig } from '../resize_support.js';

export const resizeNearestNeighborConfig: KernelConfig = resizeConfig(ResizeNearestNeighbor, resizeNearestNeighbor);
