import { type Epilogue, PANEL_WIDTH, type PackedWeights, panelFloats, stageEpilogue } from './gemm.js';
import type { FoveaKernels } from './loader.js';
import { KernelArgumentError } from './checks.js';

export interface MatMulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

export interface MatMulResult {
  shape: number[];
  values: Float32Array;
}

/** Batch shape of broadcasting `a` against `b` (numpy rules), or an error naming both. */
function broadcastShapes(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new KernelArgumentError(`batch dimensions: got [${a}] and [${b}], expected equal or 1 at each position`);
    }
    out.push(Math.max(da, db));
  }
  return out;
}

/** Flat batch index into a batch shape `shape` for output batch index `index` of `outShape`. */
function broadcastIndex(index: number, outShape: number[], shape: number[]): number {
  let flat = 0;
  let stride = 1;
  let rest = index;
  for (let i = outShape.length - 1; i >= 0; i--) {
    const coord = rest % outShape[i]!;
    rest = Math.floor(rest / outShape[i]!);
    const dim = shape[i - (outShape.length - shape.length)] ?? 1;
    if (i - (outShape.length - shape.length) >= 0) {
      flat += (dim === 1 ? 0 : coord) * stride;
      stride *= dim;
    }
  }
  return flat;
}

/**
 * BatchMatMul with batch broadcasting and the fused epilogue (bias/activation over the last
 * axis): a [..., M, K] (or [..., K, M] with transposeA) times b [..., K, N] (or [..., N, K]).
 * `packedB` replaces b's values when b has a single batch and was packed with packWeights
 * (K×N, transposed as transposeB): Dense layers pack their kernel once.
 */
export function batchMatMul(
  kernels: FoveaKernels,
  a: Float32Array,
  aShape: number[],
  b: Float32Array | PackedWeights,
  bShape: number[],
  options: MatMulOptions = {},
  epilogue: Epilogue = {},
): MatMulResult {
  if (aShape.length < 2 || bShape.length < 2) {
    throw new KernelArgumentError(`aShape/bShape: got [${aShape}] and [${bShape}], expected rank >= 2 each`);
  }
  const { transposeA = false, transposeB = false } = options;
  const [a0, a1] = aShape.slice(-2) as [number, number];
  const [b0, b1] = bShape.slice(-2) as [number, number];
  const M = transposeA ? a1 : a0;
  const K = transposeA ? a0 : a1;
  const N = transposeB ? b0 : b1;
  const Kb = transposeB ? b1 : b0;
  if (K !== Kb) {
    throw new KernelArgumentError(`inner dimensions: a gives K = ${K}, b gives ${Kb} (shapes [${aShape}], [${bShape}]), expected equal`);
  }
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const outBatch = broadcastShapes(aBatch, bBatch);
  const batches = outBatch.reduce((p, d) => p * d, 1);
  const bBatches = bBatch.reduce((p, d) => p * d, 1);
  const aValues = a;
  if (aValues.length !== aBatch.reduce((p, d) => p * d, 1) * M * K) {
    throw new KernelArgumentError(`a: got ${aValues.length} values, expected ${aShape.join('·')} (aShape)`);
  }
  const prepacked = !ArrayBuffer.isView(b);
  if (prepacked && (bBatches !== 1 || b.rows !== K || b.columns !== N)) {
    throw new KernelArgumentError(`b: packed ${b.rows}×${b.columns}, expected ${K}×${N} with a single batch`);
  }
  if (!prepacked && b.length !== bBatches * K * N) {
    throw new KernelArgumentError(`b: got ${b.length} values, expected ${bShape.join('·')} (bShape)`);
  }
  const { arena, exports } = kernels;
  arena.reset();
  const aPtr = arena.allocFrom(aValues);
  const panels = panelFloats(K, N);
  let bPtr = 0;
  let packed: number;
  if (prepacked) {
    packed = arena.allocFrom(b.panels);
  } else {
    bPtr = arena.allocFrom(b);
    packed = arena.alloc(panels);
  }
  const aT = transposeA ? arena.alloc(M * K) : 0;
  const e = stageEpilogue(arena, epilogue, N);
  const rowOff = arena.alloc(M);
  const runOff = arena.alloc(1);
  const scratch = arena.alloc(8 * kernels.threads);
  const out = arena.alloc(batches * M * N);
  exports.denseRowOffsets(rowOff, M, K);
  arena.f32(runOff, 1)[0] = 0;
  const panelCount = Math.ceil(N / PANEL_WIDTH);
  let packedBatch = -1;
  for (let i = 0; i < batches; i++) {
    const ai = broadcastIndex(i, outBatch, aBatch);
    const bi = broadcastIndex(i, outBatch, bBatch);
    if (!prepacked && bi !== packedBatch) {
      exports.packPanels(bPtr + bi * K * N * 4, packed, K, N, transposeB);
      packedBatch = bi;
    }
    let rows = aPtr + ai * M * K * 4;
    if (transposeA) {
      exports.transpose(rows, aT, K, M);
      rows = aT;
    }
    const outI = out + i * M * N * 4;
    if (M >= 4 * kernels.threads) {
      // Enough rows: threads take whole rows, the activation fused into each part.
      kernels.parallel(
        'gemmRows',
        [rows, rowOff, runOff, 1, K, packed, e.bias, outI, N, scratch, e.activation, e.alpha, e.alphaPtr, e.alphaChannels],
        M, 4, M * K * N,
      );
    } else {
      // A few rows (a Dense layer at batch 1): threads take column panels, then one activation pass.
      kernels.parallel('gemmColumns', [rows, rowOff, M, runOff, 1, K, packed, e.bias, outI, N, scratch], panelCount, 1, M * K * N);
      exports.applyActivationTo(outI, outI, M * N, e.activation, e.alpha, e.alphaPtr, e.alphaChannels);
    }
  }
  return { shape: [...outBatch, M, N], values: arena.read(out, batches * M * N) };
}
