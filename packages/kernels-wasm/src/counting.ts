import { DTYPE_CODES, elementNameOf } from './elements.js';
import { expectDims, expectLength, KernelArgumentError } from './checks.js';
import type { ElementArrayType } from './heap.js';
import type { FoveaKernels } from './loader.js';

/**
 * Bincount / DenseBincount as tfjs's cpu: x int32 [rows, cols] (rows 1 for a vector); out
 * [rows, size] of the weights' type (float32 or int32; all ones without weights) adding each
 * value's weight (or 1) to its bin, or setting it to 1 with binaryOutput; values >= size are
 * skipped; a negative value throws the cpu's error.
 */
export function bincount(
  kernels: FoveaKernels, x: Int32Array, rows: number, cols: number, size: number, weights: Float32Array | Int32Array | null,
  weightsType: 'float32' | 'int32', binaryOutput = false,
): Float32Array | Int32Array {
  expectDims('shape', [rows, cols, size]);
  expectLength('x', x, rows * cols, 'rows·cols');
  if (weights !== null) {
    expectLength('weights', weights, rows * cols, "x's length (or null)");
    if (elementNameOf(weights) !== weightsType) throw new KernelArgumentError(`weights: got ${elementNameOf(weights)} values, expected ${weightsType}`);
  }
  const type = weightsType === 'float32' ? Float32Array : Int32Array;
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(Math.max(1, rows * size));
  const xPtr = arena.allocFrom(x);
  const wPtr = weights === null || weights.length === 0 ? 0 : arena.allocFrom(weights);
  const status = kernels.exports.bincount(xPtr, wPtr, weightsType === 'float32' ? 0 : 1, out, rows, cols, size, binaryOutput ? 1 : 0);
  if (status < 0) throw new Error('Input x must be non-negative!');
  return arena.read(out, rows * size, type as ElementArrayType<Float32Array | Int32Array>);
}

/** The state of seedrandom's Alea generator (`alea(seed, { state: true }).state()`). */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * `samples` draws per row of logits [batch, events] (probabilities if `normalized`, else their
 * softmax as tfjs's cpu computes it), each row drawing from a generator restarted at `state`, as
 * tfjs's cpu Multinomial restarts Alea from its seed for each row: int32 [batch, samples].
 */
export function multinomial(
  kernels: FoveaKernels, logits: Float32Array, batch: number, events: number, samples: number, normalized: boolean, state: AleaState,
): Int32Array {
  expectDims('shape', [batch, events, samples]);
  if (events < 1) throw new KernelArgumentError(`events: got ${events}, expected at least 1`);
  expectLength('logits', logits, batch * events, 'batch·events');
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(batch * samples, Int32Array);
  const seed = arena.alloc(8);
  new Float64Array(kernels.memory.buffer, seed, 4).set([state.c, state.s0, state.s1, state.s2]);
  const scratch = arena.alloc(8 + events);
  kernels.exports.multinomial(arena.allocFrom(logits), out, batch, events, samples, normalized ? 1 : 0, seed, scratch);
  return arena.read(out, batch * samples, Int32Array);
}

/** An n×n array of zeros with x's n values on its diagonal (float32, int32 or bool). */
export function diag<T extends Float32Array | Int32Array | Uint8Array>(kernels: FoveaKernels, x: T): T {
  const n = x.length;
  const type = x.constructor as ElementArrayType<T>;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(n * n, type);
  if (n > 0) kernels.exports.diag(arena.allocFrom(x), out, n, x.BYTES_PER_ELEMENT);
  return arena.read(out, n * n, type);
}

/**
 * For each value of row b of `values` [batch, numValues], the index at which it would go into row b
 * of `sorted` [batch, numInputs] (side 'left': before equal elements; 'right': after), by tfjs's
 * cpu binary search: int32 [batch, numValues]. Both arrays float32 or both int32.
 */
export function searchSorted(
  kernels: FoveaKernels, sorted: Float32Array | Int32Array, values: Float32Array | Int32Array, batch: number, side: 'left' | 'right',
): Int32Array {
  if (side !== 'left' && side !== 'right') throw new KernelArgumentError(`side: got '${side}', expected 'left' or 'right'`);
  const type = elementNameOf(sorted);
  if (elementNameOf(values) !== type) throw new KernelArgumentError(`values: got ${elementNameOf(values)} values, expected ${type} like sorted`);
  expectDims('batch', [batch], true);
  if (sorted.length % batch !== 0 || values.length % batch !== 0) {
    throw new KernelArgumentError(`sorted, values: got ${sorted.length} and ${values.length} values, expected multiples of batch (${batch})`);
  }
  const n = values.length;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(n, Int32Array);
  if (n > 0) {
    const scratch = arena.alloc(8 * 32);
    const args = [arena.allocFrom(sorted), arena.allocFrom(values), out, type === 'float32' ? 0 : 1, sorted.length / batch, n / batch, side === 'right' ? 1 : 0, scratch];
    kernels.parallel('searchSortedRange', args, n, 16, 8 * n * Math.max(1, Math.log2(sorted.length / batch + 1)));
  }
  return arena.read(out, n, Int32Array);
}

/**
 * The distinct slices x[:, i, :] of x [outer, n, inner] in order of first appearance (tfjs's cpu
 * Unique: -0 equals 0, NaN equals NaN) and each slice's index among them.
 */
export function unique<T extends Float32Array | Int32Array | Uint8Array>(
  kernels: FoveaKernels, x: T, outer: number, n: number, inner: number,
): { values: T; count: number; indices: Int32Array } {
  expectDims('shape', [outer, n, inner]);
  expectLength('x', x, outer * n * inner, 'outer·n·inner');
  const type = x.constructor as ElementArrayType<T>;
  const { arena } = kernels;
  arena.reset();
  const out = arena.allocOf(x.length, type);
  const indices = arena.allocOf(n, Int32Array);
  let count = 0;
  if (x.length > 0 || n > 0) {
    let tableSize = 2;
    while (tableSize < 2 * n) tableSize *= 2;
    const table = arena.alloc(tableSize);
    const firsts = arena.alloc(Math.max(1, n));
    const dtype = DTYPE_CODES[elementNameOf(x)];
    count = kernels.exports.unique(arena.allocFrom(x), out, indices, dtype, outer, n, inner, table, tableSize, firsts);
  }
  return { values: arena.read(out, outer * count * inner, type), count, indices: arena.read(indices, n, Int32Array) };
}
