// Shared by the matmul kernel files (BatchMatMul, _FusedMatMul): tfjs's batch semantics and the
// right-hand operand packed once per tensor.
import { type PackedWeights, packWeights } from '@foveajs/kernels-wasm';
import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';
import { float32Array } from './kernel_support.js';
import { PackedWeightsCache } from './packing_support.js';

/** Matrices packed once per tensor, one cache per transpose flag (it changes the packing). */
const matMulPackings = { plain: new PackedWeightsCache(), transposed: new PackedWeightsCache() };

/**
 * The right-hand operand of batchMatMul (BatchMatMul, _FusedMatMul): a single matrix is packed on
 * its first use and reused while the tensor lives, as convolution filters are. A Dense kernel is
 * the usual case, but an activation gains too when it meets several left operands, and loses
 * nothing: it is packed once either way, and its packing is freed with it. A batch of matrices is
 * passed as it is (batchMatMul packs each in turn).
 */
export function matMulOperand(backend: FoveaWasmBackend, b: TensorInfo, batchOfB: number, transposeB: boolean): Float32Array | PackedWeights {
  if (batchOfB !== 1) return float32Array(backend, b);
  const N = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const K = b.shape[b.shape.length - (transposeB ? 1 : 2)]!;
  return matMulPackings[transposeB ? 'transposed' : 'plain'].get(backend, b, K, N, () =>
    packWeights(backend.kernels, float32Array(backend, b), K, N, transposeB),
  );
}

/**
 * tfjs's batch semantics for (Batch/_Fused)MatMul: batch dimensions are flattened and must have
 * equal sizes or one of size 1; the output takes their broadcast shape. Returns the 3-D shapes to
 * compute with and the output shape, or undefined when tfjs's rule is not met (cpu then reports it).
 */
export function matMulShapes(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): { a: number[]; b: number[]; out: number[] } | undefined {
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = outerA.reduce((p, d) => p * d, 1);
  const batchB = outerB.reduce((p, d) => p * d, 1);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
  const [a0, a1] = aShape.slice(-2) as [number, number];
  const [b0, b1] = bShape.slice(-2) as [number, number];
  return { a: [batchA, a0, a1], b: [batchB, b0, b1], out: [...outer, transposeA ? a1 : a0, transposeB ? b0 : b1] };
}
