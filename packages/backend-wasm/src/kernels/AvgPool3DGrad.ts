import { AvgPool3DGrad, type KernelConfig } from '@tensorflow/tfjs-core';
import { pool3DGradKernelConfig } from '../conv3d_support.js';

// AvgPool3D's gradient (see conv3d_support.ts).
export const avgPool3DGradConfig: KernelConfig = pool3DGradKernelConfig(AvgPool3DGrad, 'avg');
