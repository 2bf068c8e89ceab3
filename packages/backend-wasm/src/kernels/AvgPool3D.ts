import { AvgPool3D, type KernelConfig } from '@tensorflow/tfjs-core';
import { pool3DKernelConfig } from '../conv3d_support.js';

// Average pooling over NDHWC (see conv3d_support.ts).
export const avgPool3DConfig: KernelConfig = pool3DKernelConfig(AvgPool3D, 'avg');
