import { Multiply, type KernelConfig } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from '../backend.js';
import { binaryKernel } from '../binary_support.js';

export const multiplyConfig: KernelConfig = { kernelName: Multiply, backendName: BACKEND_NAME, kernelFunc: binaryKernel(Multiply, 'mul') };
