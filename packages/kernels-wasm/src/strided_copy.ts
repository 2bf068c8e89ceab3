import { expectDims, expectLength, KernelArgumentError, product } from './checks.js';
import { COPY_WORK, type ElementArray, type ElementArrayType, elementTypeOf } from './elements.js';
import type { FoveaKernels } from './loader.js';
import { MAX_WORKERS } from './threads.js';

/** One axis of a strided copy: `count` steps, `srcStride` and `dstStride` elements apart (signed). */
export interface CopyAxis {
  count: number;
  srcStride: number;
  dstStride: number;
}

/** Row-major strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i]!;
  }
  return strides;
}

/**
 * The plan assembly/strided_copy.ts walks: axes of one step dropped, neighbours that are one run on
 * both sides merged (a transpose of NCHW to NHWC becomes a 2-D one), and for a transpose the
 * source-contiguous axis moved next to the last, so transposeStrided can tile the two.
 */
export function planStridedCopy(axes: readonly CopyAxis[]): { plan: CopyAxis[]; transpose: boolean } {
  const plan: CopyAxis[] = [];
  for (const axis of axes) {
    if (axis.count === 1) continue;
    const last = plan[plan.length - 1];
    if (last !== undefined && last.srcStride === axis.srcStride * axis.count && last.dstStride === axis.dstStride * axis.count) {
      last.count *= axis.count;
      last.srcStride = axis.srcStride;
      last.dstStride = axis.dstStride;
    } else {
      plan.push({ ...axis });
    }
  }
  if (plan.length === 0) plan.push({ count: 1, srcStride: 1, dstStride: 1 });
  const inner = plan[plan.length - 1]!;
  if (inner.dstStride === 1 && inner.srcStride !== 1 && inner.srcStride !== -1) {
    for (let t = plan.length - 2; t >= 0; t--) {
      if (plan[t]!.srcStride === 1) {
        const [axis] = plan.splice(t, 1);
        plan.splice(plan.length - 1, 0, axis!);
        return { plan, transpose: true };
      }
    }
  }
  return { plan, transpose: false };
}

/**
 * Copy along `axes` from byte address `src` to `dst` (both in linear memory, already placed by the
 * caller's arena): element (i0, i1, …) goes from src + Σ ik·srcStride_k to dst + Σ ik·dstStride_k.
 * Threads split the rows (or, for a transpose, the tiles).
 */
export function runStridedCopy(kernels: FoveaKernels, src: number, dst: number, axes: readonly CopyAxis[], type: ElementArrayType): void {
  const total = product(axes.map((a) => a.count));
  if (total === 0) return;
  const { plan, transpose } = planStridedCopy(axes);
  const rank = plan.length;
  const { arena } = kernels;
  const planPtr = arena.alloc(3 * rank);
  const counters = arena.alloc((MAX_WORKERS + 1) * rank);
  const table = new Int32Array(kernels.exports.memory.buffer, planPtr, 3 * rank);
  for (const [i, axis] of plan.entries()) table.set([axis.count, axis.srcStride, axis.dstStride], 3 * i);
  const bytes = type.BYTES_PER_ELEMENT;
  if (transpose) {
    const outer = product(plan.slice(0, -2).map((a) => a.count));
    const units = outer * Math.ceil(plan[rank - 2]!.count / 16);
    kernels.parallel('transposeStrided', [src, dst, rank, planPtr, bytes, counters], units, 1, COPY_WORK * total);
  } else {
    const rows = product(plan.slice(0, -1).map((a) => a.count));
    kernels.parallel('copyStrided', [src, dst, rank, planPtr, bytes, counters], rows, 1, COPY_WORK * total);
  }
}

/** Checks shared by the functions below: x holds product(shape) elements of a supported type. */
function checkInput<T extends ElementArray>(x: T, shape: readonly number[]): ElementArrayType {
  const type = elementTypeOf('x', x);
  expectDims('shape', shape);
  expectLength('x', x, product(shape), `product of shape [${shape.join(', ')}]`);
  return type;
}

/** Copy x (of `shape`) into a new array of `outSize` elements along `axes`, reading from element `offset`. */
function gatherCopy<T extends ElementArray>(kernels: FoveaKernels, x: T, type: ElementArrayType, outSize: number, axes: CopyAxis[], offset = 0): T {
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.allocOf(outSize, type);
  runStridedCopy(kernels, xPtr + offset * type.BYTES_PER_ELEMENT, out, axes, type);
  return arena.read(out, outSize, type) as unknown as T;
}

/** Axes that write `outShape` row-major, reading source strides `srcStrides`. */
function denseAxes(outShape: readonly number[], srcStrides: readonly number[]): CopyAxis[] {
  const dst = stridesOf(outShape);
  return outShape.map((count, i) => ({ count, srcStride: srcStrides[i]!, dstStride: dst[i]! }));
}

/**
 * Transpose x (of `shape`) by `perm`: out.shape[i] = shape[perm[i]]. NCHW ↔ NHWC and other
 * permutations that merge into a 2-D transpose run as tiled 4×4 SIMD transposes.
 */
export function transpose<T extends ElementArray>(kernels: FoveaKernels, x: T, shape: readonly number[], perm: readonly number[]): T {
  const type = checkInput(x, shape);
  const rank = shape.length;
  if (perm.length !== rank || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new KernelArgumentError(`perm: got [${perm.join(', ')}], expected a permutation of 0…${rank - 1}`);
  }
  const strides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  return gatherCopy(kernels, x, type, x.length, denseAxes(outShape, perm.map((p) => strides[p]!)));
}

/** The block of x (of `shape`) starting at `begin`, `size` long on each axis. */
export function slice<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], begin: readonly number[], size: readonly number[],
): T {
  return stridedSlice(kernels, x, shape, begin, size, shape.map(() => 1));
}

/**
 * x (of `shape`) sampled from `begin` with `strides` (non-zero, negative walks backwards), `size`
 * elements on each axis: out[i] = x[begin + i·strides] per axis. Every sampled index must lie in x.
 */
export function stridedSlice<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], begin: readonly number[], size: readonly number[], strides: readonly number[],
): T {
  const type = checkInput(x, shape);
  const rank = shape.length;
  for (const [name, list] of [['begin', begin], ['size', size], ['strides', strides]] as const) {
    if (list.length !== rank) throw new KernelArgumentError(`${name}: got ${list.length} values for a rank-${rank} x, expected ${rank}`);
  }
  expectDims('size', size);
  shape.forEach((d, i) => {
    const s = strides[i]!;
    const first = begin[i]!;
    const last = first + (size[i]! - 1) * s;
    if (!Number.isInteger(s) || s === 0) throw new KernelArgumentError(`strides: got [${strides.join(', ')}], expected non-zero integers`);
    if (size[i]! > 0 && (!Number.isInteger(first) || first < 0 || first >= d || last < 0 || last >= d)) {
      throw new KernelArgumentError(`begin: axis ${i} reads [${first}, ${last}] (begin ${first}, size ${size[i]}, stride ${s}), outside [0, ${d - 1}]`);
    }
  });
  const xStrides = stridesOf(shape);
  const outSize = product(size);
  if (outSize === 0) return gatherCopy(kernels, x, type, 0, []);
  const offset = begin.reduce((sum, b, i) => sum + b * xStrides[i]!, 0);
  return gatherCopy(kernels, x, type, outSize, denseAxes(size, xStrides.map((st, i) => st * strides[i]!)), offset);
}

/** x (of `shape`) reversed along each axis in `axes` (non-negative, distinct). */
export function reverse<T extends ElementArray>(kernels: FoveaKernels, x: T, shape: readonly number[], axes: readonly number[]): T {
  checkInput(x, shape);
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= shape.length) throw new KernelArgumentError(`axes: got [${axes.join(', ')}], expected axes in [0, ${shape.length - 1}]`);
  }
  const flipped = new Set(axes);
  return stridedSlice(
    kernels, x, shape,
    shape.map((d, i) => (flipped.has(i) ? d - 1 : 0)),
    shape,
    shape.map((_, i) => (flipped.has(i) ? -1 : 1)),
  );
}

/** DepthToSpace of NHWC x: [N, H, W, C] → [N, H·b, W·b, C / b²] (TensorFlow's DCR order). */
export function depthToSpace<T extends ElementArray>(kernels: FoveaKernels, x: T, shape: readonly number[], blockSize: number): T {
  const type = checkInput(x, shape);
  const [n, h, w, c] = shape as [number, number, number, number];
  if (shape.length !== 4) throw new KernelArgumentError(`shape: got [${shape.join(', ')}], expected rank 4 (NHWC)`);
  if (!Number.isInteger(blockSize) || blockSize < 1 || c % (blockSize * blockSize) !== 0) {
    throw new KernelArgumentError(`blockSize: got ${blockSize}, expected a positive integer whose square divides the depth ${c}`);
  }
  const b = blockSize;
  const depth = c / (b * b);
  // out[n, h, i, w, j, d] = x[n, h, w, (i·b + j)·depth + d], the output read as [N, H, b, W, b, depth].
  const outShape = [n, h, b, w, b, depth];
  const srcStrides = [h * w * c, w * c, b * depth, c, depth, 1];
  return gatherCopy(kernels, x, type, x.length, denseAxes(outShape, srcStrides));
}

/**
 * SpaceToBatchND: x [B, ...spatial (one per block entry), ...rest], zero-padded by `paddings`
 * ([before, after] per spatial axis), each block's offsets moved into the batch:
 * out [B·Πblock, ...(padded / block), ...rest], batch index = (offset in block, row-major)·B + b.
 */
export function spaceToBatchND<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], blockShape: readonly number[], paddings: ReadonlyArray<readonly [number, number]>,
): T {
  const type = checkInput(x, shape);
  const m = blockShape.length;
  if (m < 1 || shape.length < m + 1 || paddings.length !== m) {
    throw new KernelArgumentError(`blockShape: got [${blockShape.join(', ')}] with ${paddings.length} paddings for shape [${shape.join(', ')}], expected one padding per block axis and rank > block rank`);
  }
  expectDims('blockShape', blockShape, true);
  for (const [i, p] of paddings.entries()) expectDims(`paddings[${i}]`, p);
  const padded = blockShape.map((_, i) => shape[1 + i]! + paddings[i]![0] + paddings[i]![1]);
  for (const [i, size] of padded.entries()) {
    if (size % blockShape[i]! !== 0) throw new KernelArgumentError(`paddings: padded axis ${i + 1} is ${size}, not a multiple of block ${blockShape[i]}`);
  }
  const batch = shape[0]!;
  const rest = shape.slice(1 + m);
  const restSize = product(rest);
  const blocks = product(blockShape);
  const reduced = padded.map((size, i) => size / blockShape[i]!);
  const outShape = [batch * blocks, ...reduced, ...rest];
  const outSize = product(outShape);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.allocOf(outSize, type);
  const bytes = type.BYTES_PER_ELEMENT;
  if (paddings.some((p) => p[0] > 0 || p[1] > 0)) fillRaw(kernels, out, outSize, 0, type);
  const xStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  // One strided copy per offset in the block: the input positions with that offset form a
  // lattice, which lands in the output batch block of that offset.
  for (let offsetIndex = 0; offsetIndex < blocks; offsetIndex++) {
    let rem = offsetIndex;
    const offsets = new Array<number>(m);
    for (let i = m - 1; i >= 0; i--) {
      offsets[i] = rem % blockShape[i]!;
      rem = Math.floor(rem / blockShape[i]!);
    }
    // Spatial axis i: input rows h with (h + before) ≡ offset (mod block), from the first such h ≥ 0.
    let srcAt = 0;
    let dstAt = offsetIndex * batch * outStrides[0]!;
    const axes: CopyAxis[] = [{ count: batch, srcStride: xStrides[0]!, dstStride: outStrides[0]! }];
    for (let i = 0; i < m; i++) {
      const bs = blockShape[i]!;
      const before = paddings[i]![0];
      const first = (((offsets[i]! - before) % bs) + bs) % bs;
      const count = first < shape[1 + i]! ? Math.ceil((shape[1 + i]! - first) / bs) : 0;
      srcAt += first * xStrides[1 + i]!;
      dstAt += ((first + before - offsets[i]!) / bs) * outStrides[1 + i]!;
      axes.push({ count, srcStride: bs * xStrides[1 + i]!, dstStride: outStrides[1 + i]! });
    }
    axes.push({ count: restSize, srcStride: 1, dstStride: 1 });
    runStridedCopy(kernels, xPtr + srcAt * bytes, out + dstAt * bytes, axes, type);
  }
  return arena.read(out, outSize, type) as unknown as T;
}

/**
 * BatchToSpaceND, SpaceToBatchND's inverse: x [B·Πblock, ...spatial, ...rest] → out
 * [B, ...(spatial·block − crops), ...rest], cropping [start, end] of each spatial axis.
 */
export function batchToSpaceND<T extends ElementArray>(
  kernels: FoveaKernels, x: T, shape: readonly number[], blockShape: readonly number[], crops: ReadonlyArray<readonly [number, number]>,
): T {
  const type = checkInput(x, shape);
  const m = blockShape.length;
  if (m < 1 || shape.length < m + 1 || crops.length !== m) {
    throw new KernelArgumentError(`blockShape: got [${blockShape.join(', ')}] with ${crops.length} crops for shape [${shape.join(', ')}], expected one crop per block axis and rank > block rank`);
  }
  expectDims('blockShape', blockShape, true);
  for (const [i, c] of crops.entries()) expectDims(`crops[${i}]`, c);
  const blocks = product(blockShape);
  if (shape[0]! % blocks !== 0) throw new KernelArgumentError(`shape: batch ${shape[0]} is not a multiple of the block size ${blocks}`);
  const batch = shape[0]! / blocks;
  const rest = shape.slice(1 + m);
  const restSize = product(rest);
  const spatial = blockShape.map((bs, i) => shape[1 + i]! * bs - crops[i]![0] - crops[i]![1]);
  if (spatial.some((s) => s < 0)) throw new KernelArgumentError(`crops: got ${JSON.stringify(crops)}, more than the ${shape.slice(1, 1 + m).join('×')} × block extent`);
  const outShape = [batch, ...spatial, ...rest];
  const outSize = product(outShape);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.allocOf(outSize, type);
  const bytes = type.BYTES_PER_ELEMENT;
  const xStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  for (let offsetIndex = 0; offsetIndex < blocks; offsetIndex++) {
    let rem = offsetIndex;
    const offsets = new Array<number>(m);
    for (let i = m - 1; i >= 0; i--) {
      offsets[i] = rem % blockShape[i]!;
      rem = Math.floor(rem / blockShape[i]!);
    }
    // Output position h = h'·block + offset − cropStart for input row h' of this offset's batch block.
    let srcAt = offsetIndex * batch * xStrides[0]!;
    let dstAt = 0;
    const axes: CopyAxis[] = [{ count: batch, srcStride: xStrides[0]!, dstStride: outStrides[0]! }];
    for (let i = 0; i < m; i++) {
      const bs = blockShape[i]!;
      const shift = offsets[i]! - crops[i]![0];
      const firstRow = Math.max(0, Math.ceil(-shift / bs));
      const lastRow = Math.min(shape[1 + i]! - 1, Math.floor((spatial[i]! - 1 - shift) / bs));
      const count = Math.max(0, lastRow - firstRow + 1);
      srcAt += firstRow * xStrides[1 + i]!;
      dstAt += (firstRow * bs + shift) * outStrides[1 + i]!;
      axes.push({ count, srcStride: xStrides[1 + i]!, dstStride: bs * outStrides[1 + i]! });
    }
    axes.push({ count: restSize, srcStride: 1, dstStride: 1 });
    if (axes.some((a) => a.count === 0)) continue;
    runStridedCopy(kernels, xPtr + srcAt * bytes, out + dstAt * bytes, axes, type);
  }
  return arena.read(out, outSize, type) as unknown as T;
}

/** Fill `length` elements at byte address `ptr` with `value` (internal: callers own the arena call). */
export function fillRaw(kernels: FoveaKernels, ptr: number, length: number, value: number, type: ElementArrayType): void {
  let bits: number;
  if (type === Float32Array) bits = new Int32Array(new Float32Array([value]).buffer)[0]!;
  else if (type === Int32Array) bits = value | 0;
  else bits = value ? 1 : 0;
  kernels.parallel('fill', [ptr, length, bits, type.BYTES_PER_ELEMENT], length, 16, length);
}

