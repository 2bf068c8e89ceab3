import { MaxPool3DGrad, type KernelConfig } from '@tensorflow/tfjs-core';
import { pool3DGradKernelConfig } from '../conv3d_support.js';

// MaxPool3D's gradient (see conv3d_support.ts).
export const maxPool3DGradConfig: KernelConfig = pool3DGradKernelConfig(MaxPool3DGrad, 'max');
