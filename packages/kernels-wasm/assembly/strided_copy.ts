// N-d strided copies: the one data-movement kernel behind Transpose, Slice, StridedSlice, Reverse,
// DepthToSpace, SpaceToBatchND, BatchToSpaceND, FlipLeftRight and MirrorPad's centre. A plan
// (src/strided_copy.ts builds it) lists the axes outer → inner as i32 triples (count, srcStride,
// dstStride), strides in elements and possibly negative. Elements are 4 bytes (float32 and int32
// move as 32-bit words) or 1 (bool).
//
// copyStrided walks rows of the innermost axis: contiguous on both sides it is a block copy, a
// reversed run (Reverse of the last axis) is 4 lanes at a time, anything else one element at a
// time. transposeStrided handles the case a plain row walk does badly, a transpose: its last axis
// is contiguous in the destination and the one before it in the source, so it moves 4×4 blocks
// through registers (storeTransposed4x4), in tiles of 16 × 64 elements that keep the source lines
// it reads in L1 (XNNPACK's transpose works the same way).
import { copyBytes, storeTransposed4x4 } from './simd';

/** transposeStrided's tile: a cache line of 32-bit words along the source-contiguous axis … */
const TILE_T: i32 = 16;
/** … by 64 along the destination-contiguous axis (64 source lines, 4 KiB, stay in L1). */
const TILE_I: i32 = 64;

// @ts-ignore: decorator
@inline
function axisCount(plan: usize, axis: i32): i32 {
  return load<i32>(plan + (<usize>(axis * 3) << 2));
}

// @ts-ignore: decorator
@inline
function srcStride(plan: usize, axis: i32): i32 {
  return load<i32>(plan + (<usize>(axis * 3) << 2), 4);
}

// @ts-ignore: decorator
@inline
function dstStride(plan: usize, axis: i32): i32 {
  return load<i32>(plan + (<usize>(axis * 3) << 2), 8);
}

/** One row of n elements, `s` apart in the source and `d` apart in the destination. */
// @ts-ignore: decorator
@inline
function copyRow(src: usize, dst: usize, n: i32, s: i32, d: i32, elementBytes: i32): void {
  if (s == 1 && d == 1) {
    copyBytes(dst, src, <usize>n * <usize>elementBytes);
    return;
  }
  if (elementBytes == 4) {
    let k = 0;
    if (s == -1 && d == 1) {
      // A reversed run: 4 words at a time, lanes swapped back to front.
      for (; k + 4 <= n; k += 4) {
        const v = v128.load(src - (<usize>(k + 3) << 2));
        v128.store(dst + (<usize>k << 2), v128.shuffle<u32>(v, v, 3, 2, 1, 0));
      }
    }
    for (; k < n; k++) store<u32>(dst + (<usize>(k * d) << 2), load<u32>(src + (<usize>(k * s) << 2)));
  } else {
    for (let k = 0; k < n; k++) store<u8>(dst + <usize>(k * d), load<u8>(src + <usize>(k * s)));
  }
}

/**
 * Rows [start, end) of the plan's outer axes (all but the last, row-major), each a copyRow of the
 * last axis. `counters` holds rank i32 per participant (the odometer over the outer axes).
 */
export function copyStrided(
  src: usize, dst: usize, rank: i32, plan: usize, elementBytes: i32, counters: usize, start: i32, end: i32, part: i32,
): void {
  const inner = rank - 1;
  const n = axisCount(plan, inner);
  const s = srcStride(plan, inner);
  const d = dstStride(plan, inner);
  const counter = counters + (<usize>(part * rank) << 2);
  let srcAt = 0;
  let dstAt = 0;
  let rest = start;
  for (let a = inner - 1; a >= 0; a--) {
    const size = axisCount(plan, a);
    const i = rest % size;
    rest /= size;
    store<i32>(counter + (<usize>a << 2), i);
    srcAt += i * srcStride(plan, a);
    dstAt += i * dstStride(plan, a);
  }
  const eb = <usize>elementBytes;
  for (let r = start; r < end; r++) {
    copyRow(src + <usize>srcAt * eb, dst + <usize>dstAt * eb, n, s, d, elementBytes);
    for (let a = inner - 1; a >= 0; a--) {
      const at = counter + (<usize>a << 2);
      const i = load<i32>(at) + 1;
      if (i < axisCount(plan, a)) {
        store<i32>(at, i);
        srcAt += srcStride(plan, a);
        dstAt += dstStride(plan, a);
        break;
      }
      store<i32>(at, 0);
      srcAt -= (i - 1) * srcStride(plan, a);
      dstAt -= (i - 1) * dstStride(plan, a);
    }
  }
}

/** A tile of 32-bit words: rows [t0, t1) of the T axis (source stride 1) by [i0, i1) of I (destination stride 1). */
// @ts-ignore: decorator
@inline
function transposeTile32(src: usize, dst: usize, t0: i32, t1: i32, i0: i32, i1: i32, sI: i32, dT: i32): void {
  const srcRow = <usize>sI << 2;
  const dstRow = <usize>dT << 2;
  let t = t0;
  for (; t + 4 <= t1; t += 4) {
    const s = src + (<usize>t << 2);
    const d = dst + <usize>t * dstRow;
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const at = s + <usize>i * srcRow;
      storeTransposed4x4(d + (<usize>i << 2), dstRow, v128.load(at), v128.load(at + srcRow), v128.load(at + 2 * srcRow), v128.load(at + 3 * srcRow));
    }
    for (; i < i1; i++) {
      const at = s + <usize>i * srcRow;
      const to = d + (<usize>i << 2);
      store<u32>(to, load<u32>(at));
      store<u32>(to + dstRow, load<u32>(at, 4));
      store<u32>(to + 2 * dstRow, load<u32>(at, 8));
      store<u32>(to + 3 * dstRow, load<u32>(at, 12));
    }
  }
  for (; t < t1; t++) {
    const s = src + (<usize>t << 2);
    const d = dst + <usize>t * dstRow;
    for (let i = i0; i < i1; i++) store<u32>(d + (<usize>i << 2), load<u32>(s + <usize>i * srcRow));
  }
}

/** The same tile of bytes (bool). */
// @ts-ignore: decorator
@inline
function transposeTile8(src: usize, dst: usize, t0: i32, t1: i32, i0: i32, i1: i32, sI: i32, dT: i32): void {
  for (let t = t0; t < t1; t++) {
    const s = src + <usize>t;
    const d = dst + <usize>(t * dT);
    for (let i = i0; i < i1; i++) store<u8>(d + <usize>i, load<u8>(s + <usize>(i * sI)));
  }
}

/**
 * A transpose: the plan's last axis I has destination stride 1 and the one before it, T, source
 * stride 1. Units [start, end) are (outer index, block of TILE_T along T), row-major; each moves
 * its block of T by all of I in tiles. Ignores `counters` (each unit finds its own offsets).
 */
export function transposeStrided(
  src: usize, dst: usize, rank: i32, plan: usize, elementBytes: i32, counters: usize, start: i32, end: i32, part: i32,
): void {
  const nT = axisCount(plan, rank - 2);
  const dT = dstStride(plan, rank - 2);
  const nI = axisCount(plan, rank - 1);
  const sI = srcStride(plan, rank - 1);
  const blocks = (nT + TILE_T - 1) / TILE_T;
  const eb = <usize>elementBytes;
  for (let u = start; u < end; u++) {
    let outer = u / blocks;
    const t0 = (u % blocks) * TILE_T;
    const t1 = min(nT, t0 + TILE_T);
    let srcAt = 0;
    let dstAt = 0;
    for (let a = rank - 3; a >= 0; a--) {
      const size = axisCount(plan, a);
      const i = outer % size;
      outer /= size;
      srcAt += i * srcStride(plan, a);
      dstAt += i * dstStride(plan, a);
    }
    const s = src + <usize>srcAt * eb;
    const d = dst + <usize>dstAt * eb;
    for (let i0 = 0; i0 < nI; i0 += TILE_I) {
      const i1 = min(nI, i0 + TILE_I);
      if (elementBytes == 4) transposeTile32(s, d, t0, t1, i0, i1, sI, dT);
      else transposeTile8(s, d, t0, t1, i0, i1, sI, dT);
    }
  }
}
