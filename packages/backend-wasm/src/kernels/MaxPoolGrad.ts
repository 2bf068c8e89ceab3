import { backend_util, type KernelConfig, type KernelFunc, MaxPoolGrad, type MaxPoolGradAttrs, type ShapeMap } from '@tensorflow/tfjs-core';
import { maxPoolGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input, refuseZeroSteps } from '../kernel_support.js';
import { pool2dGeometryFromInfo } from '../pool_support.js';

const fallback = cpuKernel(MaxPoolGrad);

// Routes dy to each window's argmax of the forward input (recomputed from x, as the cpu does;
// the saved forward output is not needed).
const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const x = input(args.inputs, 'input');
  if (!allFloat32(dy, x) || x.shape.length !== 4) return fallback(args);
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  refuseZeroSteps(MaxPoolGrad, { strides });
  const info = backend_util.computePool2DInfo(
    x.shape as ShapeMap['R4'], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const geometry = pool2dGeometryFromInfo(info);
  if (geometry === null || dy.shape.join() !== info.outShape.join()) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const dx = maxPoolGrad(backend.kernels, float32Array(backend, dy), float32Array(backend, x), geometry);
  return backend.float32Result(x.shape, dx);
};

export const maxPoolGradConfig: KernelConfig = { kernelName: MaxPoolGrad, backendName: BACKEND_NAME, kernelFunc };
