import { MaxPool3D, type MaxPool3DAttrs, backend_util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { pool3d } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { conv3dGeometry } from '../conv3d_support.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(MaxPool3D);

// f32x4 across channels (max: NaN never wins; average: f64 sums over the taps inside x), output rows split across threads.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { filterSize, strides, pad, dimRoundingMode, dataFormat } = args.attrs as unknown as MaxPool3DAttrs;
  if (x.dtype !== 'float32' || dataFormat !== 'NDHWC') return fallback(args);
  const info = backend_util.computePool3DInfo(x.shape as never, filterSize, strides, 1, pad, dimRoundingMode, dataFormat);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(info.outShape, pool3d(backend.kernels, float32Array(backend, x), 'max', conv3dGeometry(info)));
};

export const maxPool3DConfig: KernelConfig = { kernelName: MaxPool3D, backendName: BACKEND_NAME, kernelFunc };
