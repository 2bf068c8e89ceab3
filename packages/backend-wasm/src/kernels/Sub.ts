import { Sub, type KernelConfig } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from '../backend.js';
import { binaryKernel } from '../binary_support.js';

export const subConfig: KernelConfig = { kernelName: Sub, backendName: BACKEND_NAME, kernelFunc: binaryKernel(Sub, 'sub') };
