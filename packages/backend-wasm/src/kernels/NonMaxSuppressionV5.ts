import { type KernelConfig, type KernelFunc, NonMaxSuppressionV5, type NonMaxSuppressionV5Attrs } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';
import { runNms, vector } from '../nms_support.js';

const fallback = cpuKernel(NonMaxSuppressionV5);

// tf.image.nonMaxSuppressionWithScore: Gaussian soft-NMS (score · exp(−IoU² / (2·sigma))) for sigma > 0.
const kernelFunc: KernelFunc = (args) => {
  const backend = args.backend as FoveaWasmBackend;
  const result = runNms(backend, args.inputs, args.attrs as unknown as NonMaxSuppressionV5Attrs);
  return result === undefined ? fallback(args) : [vector(backend, result.indices), vector(backend, result.scores)];
};

export const nonMaxSuppressionV5Config: KernelConfig = { kernelName: NonMaxSuppressionV5, backendName: BACKEND_NAME, kernelFunc };
