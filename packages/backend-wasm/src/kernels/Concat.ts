import { backend_util, Concat, type ConcatAttrs, type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { concat } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, shareData, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Concat);

// float32, int32 and bool inputs of one dtype; empty inputs add nothing, and a single non-empty
// input is the result (sharing its data). complex64 and string go to the cpu.
const kernelFunc: KernelFunc = (args) => {
  // tfjs passes Concat's inputs as an array of tensors.
  const tensors = args.inputs as unknown as TensorInfo[];
  const first = tensors[0];
  if (first === undefined || !allNumeric(...tensors) || tensors.some((t) => t.dtype !== first.dtype)) return fallback(args);
  const { axis } = args.attrs as unknown as ConcatAttrs;
  const $axis = util.parseAxisParam(axis, first.shape)[0]!;
  const shapes = tensors.map((t) => t.shape);
  backend_util.assertParamsConsistent(shapes, $axis);
  const outShape = backend_util.computeOutShape(shapes, $axis);
  const backend = args.backend as FoveaWasmBackend;
  const nonEmpty = tensors.filter((t) => util.sizeFromShape(t.shape) > 0);
  if (nonEmpty.length === 1 && util.arraysEqual(nonEmpty[0]!.shape, outShape)) return shareData(backend, nonEmpty[0]!, outShape);
  const outer = util.sizeFromShape(outShape.slice(0, $axis));
  const values = concat(backend.kernels, nonEmpty.map((t) => typedArray(backend, t)), nonEmpty.length === 0 ? 0 : outer);
  return backend.result(outShape, first.dtype as NumericDtype, values);
};

export const concatConfig: KernelConfig = { kernelName: Concat, backendName: BACKEND_NAME, kernelFunc };
