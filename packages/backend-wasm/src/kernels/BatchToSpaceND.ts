import { BatchToSpaceND, type BatchToSpaceNDAttrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { batchToSpaceND } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(BatchToSpaceND);

// One strided copy per offset in the block, cropped as it goes (the cpu reshapes, transposes,
// reshapes and slices).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { blockShape, crops } = args.attrs as unknown as BatchToSpaceNDAttrs;
  const m = blockShape.length;
  const outShape = [
    x.shape[0]! / util.sizeFromShape(blockShape),
    ...blockShape.map((b, i) => x.shape[1 + i]! * b - crops[i]![0]! - crops[i]![1]!),
    ...x.shape.slice(1 + m),
  ];
  const backend = args.backend as FoveaWasmBackend;
  const values = batchToSpaceND(backend.kernels, typedArray(backend, x), x.shape, blockShape, crops as Array<[number, number]>);
  return backend.result(outShape, x.dtype as NumericDtype, values);
};

export const batchToSpaceNDConfig: KernelConfig = { kernelName: BatchToSpaceND, backendName: BACKEND_NAME, kernelFunc };
