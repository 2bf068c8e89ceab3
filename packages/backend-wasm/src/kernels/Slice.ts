import { type KernelConfig, type KernelFunc, Slice, type SliceAttrs, slice_util, util } from '@tensorflow/tfjs-core';
import { slice } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, shareData, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Slice);

// A copy, also where the block is contiguous (tfjs's cpu returns a subarray there, which the alias
// guard would copy anyway); the whole tensor shares x's data.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { begin, size } = args.attrs as unknown as SliceAttrs;
  const [$begin, $size] = slice_util.parseSliceParams(x as never, begin, size) as [number[], number[]];
  slice_util.assertParamsValid(x as never, $begin, $size);
  const backend = args.backend as FoveaWasmBackend;
  if (util.arraysEqual($size, x.shape)) return shareData(backend, x, $size);
  return backend.result($size, x.dtype as NumericDtype, slice(backend.kernels, typedArray(backend, x), x.shape, $begin, $size));
};

export const sliceConfig: KernelConfig = { kernelName: Slice, backendName: BACKEND_NAME, kernelFunc };
