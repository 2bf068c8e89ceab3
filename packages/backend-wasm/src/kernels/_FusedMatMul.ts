import { batchMatMul } from '@foveajs/kernels-wasm';
import { _FusedMatMul, type _FusedMatMulAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { fusedEpilogue, fusedFallback } from '../fused_support.js';
import { allFloat32, float32Array, input } from '../kernel_support.js';
import { matMulOperand, matMulShapes } from '../matmul_support.js';

const fallback = fusedFallback(_FusedMatMul);

const fusedMatMulKernel: KernelFunc = (args) => {
  const a = input(args.inputs, 'a');
  const b = input(args.inputs, 'b');
  const { bias, preluActivationWeights } = args.inputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = args.attrs as unknown as _FusedMatMulAttrs;
  if (!allFloat32(a, b) || a.shape.length < 2 || b.shape.length < 2) return fallback(args);
  if (a.shape.includes(0) || b.shape.includes(0)) return fallback(args);
  const shapes = matMulShapes(a.shape, b.shape, transposeA, transposeB);
  if (shapes === undefined) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const N = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const epilogue = fusedEpilogue(backend, N, shapes.out.length, activation, leakyreluAlpha, bias, preluActivationWeights);
  if (epilogue === undefined) return fallback(args);
  const operand = matMulOperand(backend, b, shapes.b[0]!, transposeB);
  const { values } = batchMatMul(
    backend.kernels, float32Array(backend, a), shapes.a, operand, shapes.b, { transposeA, transposeB }, epilogue,
  );
  return backend.float32Result(shapes.out, values);
};

export const _fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: BACKEND_NAME,
  kernelFunc: fusedMatMulKernel,
};
