import { Fill, type FillAttrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';
import { constantTensor } from '../layout_support.js';

const fallback = cpuKernel(Fill);

const kernelFunc: KernelFunc = (args) => {
  const { shape, value, dtype } = args.attrs as unknown as FillAttrs;
  const $dtype = dtype ?? util.inferDtype(value);
  if ($dtype !== 'float32' && $dtype !== 'int32' && $dtype !== 'bool') return fallback(args);
  // A bool of any other value: the cpu stores it in a Uint8Array as it is (2 stays 2, 256 and 1e38 become 0).
  if ($dtype === 'bool' && value !== 0 && value !== 1) return fallback(args);
  return constantTensor(args.backend as FoveaWasmBackend, shape, Number(value), $dtype as NumericDtype);
};

export const fillConfig: KernelConfig = { kernelName: Fill, backendName: BACKEND_NAME, kernelFunc };
