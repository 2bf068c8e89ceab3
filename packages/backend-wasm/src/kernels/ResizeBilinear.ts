import { type KernelConfig, ResizeBilinear } from '@tensorflow/tfjs-core';
import { resizeBilinear } from '@foveajs/kernels-wasm';
import { resizeConfig } from '../resize_support.js';

export const resizeBilinearConfig: KernelConfig = resizeConfig(ResizeBilinear, resizeBilinear);
