import { MaxPool3D, type KernelConfig } from '@tensorflow/tfjs-core';
import { pool3DKernelConfig } from '../conv3d_support.js';

// Max pooling over NDHWC (see conv3d_support.ts).
export const maxPool3DConfig: KernelConfig = pool3DKernelConfig(MaxPool3D, 'max');
