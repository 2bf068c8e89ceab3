import { type KernelConfig, type KernelFunc, NonMaxSuppressionV3, type NonMaxSuppressionV3Attrs } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';
import { runNms, vector } from '../nms_support.js';

const fallback = cpuKernel(NonMaxSuppressionV3);

// tf.image.nonMaxSuppression.
const kernelFunc: KernelFunc = (args) => {
  const backend = args.backend as FoveaWasmBackend;
  const result = runNms(backend, args.inputs, args.attrs as unknown as NonMaxSuppressionV3Attrs);
  return result === undefined ? fallback(args) : vector(backend, result.indices);
};

export const nonMaxSuppressionV3Config: KernelConfig = { kernelName: NonMaxSuppressionV3, backendName: BACKEND_NAME, kernelFunc };
