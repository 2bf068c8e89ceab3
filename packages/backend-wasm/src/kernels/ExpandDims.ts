import { ExpandDims, type ExpandDimsAttrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input, shareData } from '../kernel_support.js';

const fallback = cpuKernel(ExpandDims);

// A view: the same data with an axis of size 1 inserted.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'input');
  if (x.dtype === 'complex64') return fallback(args);
  const { dim } = args.attrs as unknown as ExpandDimsAttrs;
  const rank = x.shape.length;
  util.assert(-(rank + 1) <= dim, () => `Axis must be in the interval [${-(rank + 1)}, ${rank}]`);
  const shape = x.shape.slice();
  shape.splice(dim < 0 ? rank + dim + 1 : dim, 0, 1);
  return shareData(args.backend as FoveaWasmBackend, x, shape);
};

export const expandDimsConfig: KernelConfig = { kernelName: ExpandDims, backendName: BACKEND_NAME, kernelFunc };
