import { type KernelConfig, type KernelFunc, NonMaxSuppressionV4, type NonMaxSuppressionV4Attrs } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';
import { runNms, vector } from '../nms_support.js';

const fallback = cpuKernel(NonMaxSuppressionV4);

// tf.image.nonMaxSuppressionPadded: the indices padded with 0 to maxOutputSize where asked, and how many are real.
const kernelFunc: KernelFunc = (args) => {
  const backend = args.backend as FoveaWasmBackend;
  const attrs = args.attrs as unknown as NonMaxSuppressionV4Attrs;
  const result = runNms(backend, args.inputs, attrs);
  if (result === undefined) return fallback(args);
  const valid = result.indices.length;
  let indices = result.indices;
  if (attrs.padToMaxOutputSize && attrs.maxOutputSize > valid) {
    indices = new Int32Array(attrs.maxOutputSize);
    indices.set(result.indices);
  }
  return [vector(backend, indices), backend.makeTensorInfo([], 'int32', new Int32Array([valid]))];
};

export const nonMaxSuppressionV4Config: KernelConfig = { kernelName: NonMaxSuppressionV4, backendName: BACKEND_NAME, kernelFunc };
