import { backend_util, type KernelConfig, type KernelFunc, SplitV, type SplitVAttrs, util } from '@tensorflow/tfjs-core';
import { split } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(SplitV);

// tf.split: one pass cutting each row of x into its outputs (the cpu slices once per output).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
  const $axis = util.parseAxisParam(axis, x.shape)[0]!;
  const sizes = backend_util.prepareSplitSize(x as never, numOrSizeSplits, $axis);
  // Sizes that are negative or do not add up to the axis: the cpu's error.
  if (!sizes.every((s) => Number.isInteger(s) && s >= 0) || sizes.reduce((a, b) => a + b, 0) !== x.shape[$axis]) return fallback(args);
  const outer = util.sizeFromShape(x.shape.slice(0, $axis));
  const inner = util.sizeFromShape(x.shape.slice($axis + 1));
  const backend = args.backend as FoveaWasmBackend;
  const parts = split(backend.kernels, typedArray(backend, x), outer, sizes.map((s) => s * inner));
  return parts.map((part, i) => {
    const shape = x.shape.slice();
    shape[$axis] = sizes[i]!;
    return backend.result(shape, x.dtype as NumericDtype, part);
  });
};

export const splitVConfig: KernelConfig = { kernelName: SplitV, backendName: BACKEND_NAME, kernelFunc };
