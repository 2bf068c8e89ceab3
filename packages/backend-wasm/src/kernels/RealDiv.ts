import { type KernelConfig, RealDiv } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from '../backend.js';
import { binaryKernel } from '../binary_support.js';

// Not a gradient, but the Adam/RMSProp updates divide every parameter tensor each training step
// (by a scalar, where tfjs's cpu kernel takes its slow general-broadcast path).
export const realDivConfig: KernelConfig = { kernelName: RealDiv, backendName: BACKEND_NAME, kernelFunc: binaryKernel(RealDiv, 'div') };
