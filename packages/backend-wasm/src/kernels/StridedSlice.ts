import { type KernelConfig, type KernelFunc, StridedSlice, type StridedSliceAttrs, slice_util } from '@tensorflow/tfjs-core';
import { stridedSlice } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, shareData, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(StridedSlice);

// tfjs's sliceInfo resolves the masks into dense begin / end / strides per axis of x; the sample
// count of each axis is TensorFlow's (its processing shape), the result reshaped to the final shape.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask } = args.attrs as unknown as StridedSliceAttrs;
  const info = slice_util.sliceInfo(x.shape, begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkAxisMask);
  const backend = args.backend as FoveaWasmBackend;
  if (info.isIdentity) return shareData(backend, x, info.finalShape);
  const sizes = x.shape.map((_, i) => {
    const length = info.end[i]! - info.begin[i]!;
    const step = info.strides[i]!;
    if (length === 0 || length < 0 !== step < 0) return 0;
    return Math.trunc(length / step) + (length % step !== 0 ? 1 : 0);
  });
  const values = stridedSlice(backend.kernels, typedArray(backend, x), x.shape, info.begin, sizes, info.strides);
  return backend.result(info.finalShape, x.dtype as NumericDtype, values);
};

export const stridedSliceConfig: KernelConfig = { kernelName: StridedSlice, backendName: BACKEND_NAME, kernelFunc };
