import { type KernelConfig, ResizeBilinear } from '@tensorflow/tfjs-core';
import { resizeBilinear } from '@fovea/kernels-wasm';
import { resizeConfig } from './resize_utils.js';

export const resizeBilinearConfig: KernelConfig = resizeConfig(ResizeBilinear, resizeBilinear);
