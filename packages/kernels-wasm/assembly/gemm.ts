// The GEMM's exports that threads split (src/threads.ts): gemmRows takes whole rows with the
// activation fused, gemmColumns column panels (few rows, e.g. a Dense layer at batch 1). The
// micro-kernels are in gemm_microkernel.ts, the operand packing in gemm_pack.ts.
import { applyActivation, RELU, RELU6 } from './activation';
import { BLOCK_M, gemm } from './gemm_microkernel';

/**
 * Rows [start, end) of gemm(...), each block followed by the activation on it: the unit of work that
 * threads split (whole rows, so PReLU's per-channel slopes stay aligned). `part` selects this
 * participant's 8-float tile scratch.
 */
export function gemmRows(
  a: usize,
  rowOff: usize,
  runOff: usize,
  runs: i32,
  runLen: i32,
  packed: usize,
  bias: usize,
  out: usize,
  N: i32,
  scratch: usize,
  activation: i32,
  alpha: f32,
  alphaPtr: usize,
  alphaChannels: i32,
  start: i32,
  end: i32,
  part: i32,
): void {
  // ReLU and ReLU6 are applied to the accumulators before they are stored (no pass over the
  // block, which costs a noticeable share of a small 1×1 conv); the other activations run block
  // by block, on rows still in cache (a pass over a whole large output goes to memory and back).
  const clamp = activation == RELU ? 1 : activation == RELU6 ? 2 : 0;
  for (let r0 = start; r0 < end; r0 += BLOCK_M) {
    const rows = min(BLOCK_M, end - r0);
    const first = out + ((<usize>r0 * <usize>N) << 2);
    gemm(a, rowOff + (<usize>r0 << 2), rows, runOff, runs, runLen, packed, bias, first, N, scratch + (<usize>part << 5), N, clamp);
    if (clamp == 0) applyActivation(first, rows * N, activation, alpha, alphaPtr, alphaChannels);
  }
}

/**
 * Output panels [start, end) (8 columns each) of gemm(...) over all M rows, without the
 * activation: how threads split a product with few rows (a Dense layer at batch 1).
 */
export function gemmColumns(
  a: usize,
  rowOff: usize,
  M: i32,
  runOff: usize,
  runs: i32,
  runLen: i32,
  packed: usize,
  bias: usize,
  out: usize,
  N: i32,
  scratch: usize,
  start: i32,
  end: i32,
  part: i32,
): void {
  if (end <= start) return;
  const K = runs * runLen;
  const columns = min(N, end << 3) - (start << 3);
  gemm(
    a, rowOff, M, runOff, runs, runLen,
    packed + ((<usize>start * <usize>K) << 5),
    bias != 0 ? bias + (<usize>start << 5) : 0,
    out + (<usize>start << 5),
    columns,
    scratch + (<usize>part << 5),
    N,
  );
}
