import { type KernelConfig, type KernelFunc, SpaceToBatchND, type SpaceToBatchNDAttrs, util } from '@tensorflow/tfjs-core';
import { spaceToBatchND } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(SpaceToBatchND);

// One strided copy per offset in the block (the cpu pads, reshapes, transposes and reshapes).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!allNumeric(x)) return fallback(args);
  const { blockShape, paddings } = args.attrs as unknown as SpaceToBatchNDAttrs;
  const m = blockShape.length;
  // A padding pair missing for a block axis: the cpu's result or error.
  if (!Array.isArray(paddings) || paddings.length < m || !paddings.slice(0, m).every((p) => Array.isArray(p) && p.length === 2)) return fallback(args);
  const outShape = [
    x.shape[0]! * util.sizeFromShape(blockShape),
    ...blockShape.map((b, i) => (x.shape[1 + i]! + paddings[i]![0]! + paddings[i]![1]!) / b),
    ...x.shape.slice(1 + m),
  ];
  const backend = args.backend as FoveaWasmBackend;
  const values = spaceToBatchND(backend.kernels, typedArray(backend, x), x.shape, blockShape, paddings as Array<[number, number]>);
  return backend.result(outShape, x.dtype as NumericDtype, values);
};

export const spaceToBatchNDConfig: KernelConfig = { kernelName: SpaceToBatchND, backendName: BACKEND_NAME, kernelFunc };
