// BatchMatMul / _FusedMatMul: one gemm per output batch. The JS side resolves batch
// broadcasting and passes the operands of each batch; B is packed per batch (or cached).
import { applyActivation } from './activation';
import { denseRowOffsets, gemm, transpose } from './gemm';

/**
 * out (M×N) = act(A·B + bias). a: M×K row-major, or K×M when transposeA (then staged through
 * aT, M×K floats); packed: B's gemm panels; bias: ceil(N/8)·8 floats or 0;
 * rowOff: M i32; scratch: 8 floats plus one i32 run offset.
 */
export function matmul(
  a: usize,
  transposeA: bool,
  aT: usize,
  packed: usize,
  bias: usize,
  out: usize,
  M: i32,
  K: i32,
  N: i32,
  rowOff: usize,
  scratch: usize,
  activation: i32,
  alpha: f32,
  alphaPtr: usize,
  alphaChannels: i32,
): void {
  let rows = a;
  if (transposeA) {
    transpose(a, aT, K, M);
    rows = aT;
  }
  denseRowOffsets(rowOff, M, K);
  const runOff = scratch + 32;
  store<i32>(runOff, 0);
  gemm(rows, rowOff, M, runOff, 1, K, packed, bias, out, N, scratch);
  applyActivation(out, M * N, activation, alpha, alphaPtr, alphaChannels);
}
