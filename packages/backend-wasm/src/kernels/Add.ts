import { Add, type KernelConfig } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from '../backend.js';
import { binaryKernel } from '../binary_support.js';

export const addConfig: KernelConfig = { kernelName: Add, backendName: BACKEND_NAME, kernelFunc: binaryKernel(Add, 'add') };
