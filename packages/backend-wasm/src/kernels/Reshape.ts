import { type KernelConfig, type KernelFunc, Reshape, type ReshapeAttrs, util } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input, shareData } from '../kernel_support.js';

const fallback = cpuKernel(Reshape);

// A view: the same data under the new shape (tf.squeeze and tf.expandDims are reshapes too).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype === 'complex64') return fallback(args);
  const { shape } = args.attrs as unknown as ReshapeAttrs;
  const size = util.sizeFromShape(x.shape);
  const $shape = util.inferFromImplicitShape(shape, size);
  util.assert(
    size === util.sizeFromShape($shape),
    () => `new shape: ${$shape}, old shape: ${x.shape}. New shape and old shape must have the same number of elements.`,
  );
  return shareData(args.backend as FoveaWasmBackend, x, $shape);
};

export const reshapeConfig: KernelConfig = { kernelName: Reshape, backendName: BACKEND_NAME, kernelFunc };
