import { type KernelConfig, type KernelFunc, Pack, type PackAttrs, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { concat } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, isAxis, shareData, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Pack);

// tf.stack: a concat whose inputs each gain an axis of size 1; one input is a view of it.
const kernelFunc: KernelFunc = (args) => {
  const tensors = args.inputs as unknown as TensorInfo[];
  const first = tensors[0];
  if (first === undefined || !allNumeric(...tensors) || tensors.some((t) => t.dtype !== first.dtype)) return fallback(args);
  const { axis } = args.attrs as unknown as PackAttrs;
  const rank = first.shape.length;
  // An axis out of range: the cpu's error.
  if (!isAxis(axis, rank + 1)) return fallback(args);
  const $axis = axis < 0 ? axis + rank + 1 : axis;
  for (const t of tensors) util.assertShapesMatch(first.shape, t.shape, 'All tensors passed to stack must have matching shapes');
  const outShape = [...first.shape.slice(0, $axis), tensors.length, ...first.shape.slice($axis)];
  const backend = args.backend as FoveaWasmBackend;
  if (tensors.length === 1) return shareData(backend, first, outShape);
  const outer = util.sizeFromShape(first.shape.slice(0, $axis));
  const values = concat(backend.kernels, tensors.map((t) => typedArray(backend, t)), outer);
  return backend.result(outShape, first.dtype as NumericDtype, values);
};

export const packConfig: KernelConfig = { kernelName: Pack, backendName: BACKEND_NAME, kernelFunc };
