import { type KernelConfig, type KernelFunc, Unpack, type UnpackAttrs, util } from '@tensorflow/tfjs-core';
import { split } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, isAxis, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Unpack);

// tf.unstack: one pass cutting each row of x into its outputs (not one slice per output).
const kernelFunc: KernelFunc = (args) => {
  const value = input(args.inputs, 'value');
  if (!allNumeric(value)) return fallback(args);
  const { axis } = args.attrs as unknown as UnpackAttrs;
  // An axis out of range: the cpu's error.
  if (!isAxis(axis, value.shape.length)) return fallback(args);
  const $axis = axis < 0 ? axis + value.shape.length : axis;
  const count = value.shape[$axis]!;
  const outShape = value.shape.filter((_, i) => i !== $axis);
  const outer = util.sizeFromShape(value.shape.slice(0, $axis));
  const inner = util.sizeFromShape(value.shape.slice($axis + 1));
  const backend = args.backend as FoveaWasmBackend;
  const parts = split(backend.kernels, typedArray(backend, value), outer, new Array<number>(count).fill(inner));
  return parts.map((part) => backend.result(outShape, value.dtype as NumericDtype, part));
};

export const unpackConfig: KernelConfig = { kernelName: Unpack, backendName: BACKEND_NAME, kernelFunc };
