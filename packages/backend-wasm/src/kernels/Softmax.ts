import { type KernelConfig, type KernelFunc, Softmax, type SoftmaxAttrs, util } from '@tensorflow/tfjs-core';
import { softmax } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(Softmax);

// Softmax over the last axis (the only one tfjs's op passes); anything else runs on the cpu.
const kernelFunc: KernelFunc = (args) => {
  const logits = input(args.inputs, 'logits');
  const { dim } = args.attrs as unknown as SoftmaxAttrs;
  const rank = logits.shape.length;
  const n = logits.shape[rank - 1] ?? 0;
  const lastAxis = dim === -1 || dim === rank - 1;
  if (logits.dtype !== 'float32' || rank === 0 || !lastAxis || n === 0 || util.sizeFromShape(logits.shape) === 0) {
    return fallback(args);
  }
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(logits.shape, softmax(backend.kernels, backend.float32Values(logits), n));
};

export const softmaxConfig: KernelConfig = { kernelName: Softmax, backendName: BACKEND_NAME, kernelFunc };
