import { type KernelConfig, type KernelFunc, Select, util } from '@tensorflow/tfjs-core';
import { select } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Select);

// tf.where after its broadcast: one condition byte per element, or (a rank-1 condition against
// higher-rank t, e) one per row, as tfjs's cpu kernel reads it.
const kernelFunc: KernelFunc = (args) => {
  const condition = input(args.inputs, 'condition');
  const t = input(args.inputs, 't');
  const e = input(args.inputs, 'e');
  if (!allNumeric(t, e) || t.dtype !== e.dtype || condition.dtype !== 'bool') return fallback(args);
  const size = util.sizeFromShape(t.shape);
  const rank = condition.shape.length;
  const inner = rank === 0 || rank > 1 || t.shape.length === 1 ? 1 : util.sizeFromShape(t.shape.slice(1));
  if (util.sizeFromShape(condition.shape) * inner !== size || util.sizeFromShape(e.shape) !== size) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const values = select(backend.kernels, typedArray(backend, condition) as Uint8Array, typedArray(backend, t), typedArray(backend, e));
  return backend.result(t.shape, t.dtype as NumericDtype, values);
};

export const selectConfig: KernelConfig = { kernelName: Select, backendName: BACKEND_NAME, kernelFunc };
