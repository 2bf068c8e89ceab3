import { batchMatMul } from '@foveajs/kernels-wasm';
import { BatchMatMul, type BatchMatMulAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';
import { matMulOperand, matMulShapes } from '../matmul_support.js';

const fallback = cpuKernel(BatchMatMul);

const batchMatMulKernel: KernelFunc = (args) => {
  const a = input(args.inputs, 'a');
  const b = input(args.inputs, 'b');
  const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
  if (!allFloat32(a, b) || a.shape.length < 2 || b.shape.length < 2) return fallback(args);
  if (a.shape.includes(0) || b.shape.includes(0)) return fallback(args);
  const shapes = matMulShapes(a.shape, b.shape, transposeA, transposeB);
  if (shapes === undefined) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const { values } = batchMatMul(
    backend.kernels, float32Array(backend, a), shapes.a, matMulOperand(backend, b, shapes.b[0]!, transposeB), shapes.b, { transposeA, transposeB },
  );
  return backend.float32Result(shapes.out, values);
};

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: BACKEND_NAME,
  kernelFunc: batchMatMulKernel,
};
