import { expectLength, KernelArgumentError, product } from './checks.js';
import type { FoveaKernels } from './loader.js';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
const opCodes: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3 };

/** How the two operands line up (codes match assembly/binary.ts). */
export const BROADCAST = { sameShape: 0, aScalar: 1, bScalar: 2, aVector: 3, bVector: 4 } as const;
export type BroadcastMode = keyof typeof BROADCAST;

export interface BroadcastPlan {
  mode: BroadcastMode;
  /** Length of the vector operand for the vector modes. */
  channels: number;
  outShape: number[];
  /**
   * Vector modes: 1, or the outer dimension B when the vector is [B, 1, …, 1, C], one channel
   * vector per batch entry (squeeze-and-excitation's scale at batch > 1).
   */
  batches: number;
}

function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** True when `shape` is [..., 1, 1, C] with C equal to out's last axis. */
function isChannelVector(shape: readonly number[], outShape: readonly number[]): boolean {
  const channels = outShape[outShape.length - 1];
  return shape.length >= 1 && shape[shape.length - 1] === channels && shape.slice(0, -1).every((d) => d === 1);
}

/** True when `shape` is [B, 1, …, 1, C] against an out shape [B, …, C] of the same rank. */
function isBatchChannelVector(shape: readonly number[], outShape: readonly number[]): boolean {
  const last = outShape.length - 1;
  return (
    shape.length === outShape.length && shape[0] === outShape[0] && shape[last] === outShape[last] && shape.slice(1, -1).every((d) => d === 1)
  );
}

/**
 * The fast path for a ⊙ b, or null for broadcasts we leave to a general implementation:
 * same shape, a scalar on either side, a [C] vector against [..., C] on either side, or one such
 * vector per batch entry ([B, 1, 1, C] against [B, H, W, C]).
 */
export function planBroadcast(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | null {
  const outShape = broadcastShape(aShape, bShape);
  if (outShape === null) return null;
  const outSize = product(outShape);
  const aSize = product(aShape);
  const bSize = product(bShape);
  if (outSize === 0) return null;
  if (aSize === outSize && bSize === outSize) return { mode: 'sameShape', channels: 0, outShape, batches: 1 };
  if (aSize === 1 && bSize === outSize) return { mode: 'aScalar', channels: 0, outShape, batches: 1 };
  if (bSize === 1 && aSize === outSize) return { mode: 'bScalar', channels: 0, outShape, batches: 1 };
  const channels = outShape[outShape.length - 1] ?? 1;
  if (bSize === outSize && isChannelVector(aShape, outShape)) return { mode: 'aVector', channels, outShape, batches: 1 };
  if (aSize === outSize && isChannelVector(bShape, outShape)) return { mode: 'bVector', channels, outShape, batches: 1 };
  const batches = outShape[0] ?? 1;
  if (outShape.length >= 3 && batches > 1) {
    if (bSize === outSize && isBatchChannelVector(aShape, outShape)) return { mode: 'aVector', channels, outShape, batches };
    if (aSize === outSize && isBatchChannelVector(bShape, outShape)) return { mode: 'bVector', channels, outShape, batches };
  }
  return null;
}

/** a op b elementwise under `plan` (from planBroadcast). */
export function binary(kernels: FoveaKernels, op: BinaryOp, a: Float32Array, b: Float32Array, plan: BroadcastPlan): Float32Array {
  const code = opCodes[op];
  if (code === undefined) throw new KernelArgumentError(`op: got '${op}', expected 'add', 'sub', 'mul' or 'div'`);
  const n = product(plan.outShape);
  const batches = plan.batches;
  const expectedA = plan.mode === 'aScalar' ? 1 : plan.mode === 'aVector' ? plan.channels * batches : n;
  const expectedB = plan.mode === 'bScalar' ? 1 : plan.mode === 'bVector' ? plan.channels * batches : n;
  expectLength('a', a, expectedA, `broadcast mode ${plan.mode}`);
  expectLength('b', b, expectedB, `broadcast mode ${plan.mode}`);
  const { arena } = kernels;
  arena.reset();
  const aPtr = arena.allocFrom(a);
  const bPtr = arena.allocFrom(b);
  const outPtr = arena.alloc(n);
  // Per batch entry: its slice of the full operand against its own channel vector.
  const per = n / batches;
  const aStep = (plan.mode === 'aVector' ? plan.channels : per) * 4;
  const bStep = (plan.mode === 'bVector' ? plan.channels : per) * 4;
  const vector = plan.mode === 'aVector' || plan.mode === 'bVector';
  for (let i = 0; i < batches; i++) {
    // Threads split whole channel rows (vector modes) or runs of 16 elements (whole SIMD steps). An
    // element costs a load or two and a store: counted as four against the threshold below which
    // one thread runs alone, as for depthwise.
    kernels.parallel(
      'binaryRange',
      [aPtr + i * aStep, bPtr + i * bStep, outPtr + i * per * 4, code, BROADCAST[plan.mode], plan.channels],
      per, vector ? plan.channels : 16, 4 * per,
    );
  }
  return arena.read(outPtr, n);
}
