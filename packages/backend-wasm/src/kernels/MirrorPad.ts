import { type KernelConfig, type KernelFunc, MirrorPad, type MirrorPadAttrs } from '@tensorflow/tfjs-core';
import { mirrorPad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(MirrorPad);

const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { paddings, mode } = args.attrs as unknown as MirrorPadAttrs;
  const outShape = paddings.map((p, i) => p[0] + x.shape[i]! + p[1]);
  const backend = args.backend as FoveaWasmBackend;
  return backend.result(outShape, x.dtype as NumericDtype, mirrorPad(backend.kernels, typedArray(backend, x), x.shape, paddings, mode));
};

export const mirrorPadConfig: KernelConfig = { kernelName: MirrorPad, backendName: BACKEND_NAME, kernelFunc };
