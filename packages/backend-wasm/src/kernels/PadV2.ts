import { type KernelConfig, type KernelFunc, PadV2, type PadV2Attrs, util } from '@tensorflow/tfjs-core';
import { pad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(PadV2);

// Constant padding (tfjs's Pad op) of a non-empty float32 tensor of any rank.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
  if (x.dtype !== 'float32' || x.shape.length === 0 || util.sizeFromShape(x.shape) === 0) return fallback(args);
  // Negative or fractional paddings, or a pair per axis missing: the cpu's result (or error).
  const wellFormed = Array.isArray(paddings) && paddings.length === x.shape.length && paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v) && v >= 0));
  if (!wellFormed) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const outShape = x.shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
  return backend.float32Result(outShape, pad(backend.kernels, backend.float32Values(x), x.shape, paddings, constantValue));
};

export const padV2Config: KernelConfig = { kernelName: PadV2, backendName: BACKEND_NAME, kernelFunc };
