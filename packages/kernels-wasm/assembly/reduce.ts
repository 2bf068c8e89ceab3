// Reductions over a contiguous block of axes, the shapes CNNs use: global pooling reduces H,W of
// NHWC (a middle block, vectorised across the channels that stay), depth-wise max pooling and
// softmax-like ops reduce the last axis or channel groups (an inner block, vectorised along it).
// Max propagates NaN like tfjs's cpu Max; Mean is Sum divided by the reduced count.

export const REDUCE_SUM: i32 = 0;
export const REDUCE_MEAN: i32 = 1;
export const REDUCE_MAX: i32 = 2;

// @ts-ignore: decorator
@inline
function combine(isMax: bool, acc: v128, x: v128): v128 {
  return isMax ? f32x4.max(acc, x) : f32x4.add(acc, x);
}

// @ts-ignore: decorator
@inline
function reduceMiddleImpl(isMax: bool, x: usize, out: usize, outer: i32, reduced: i32, inner: i32): void {
  const innerBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * reduced * innerBytes;
    const dst = out + <usize>o * innerBytes;
    let i = 0;
    // 16 lanes of the kept axes in registers across all reduced rows.
    for (; i + 16 <= inner; i += 16) {
      let p = src + (<usize>i << 2);
      let a0 = v128.load(p), a1 = v128.load(p, 16), a2 = v128.load(p, 32), a3 = v128.load(p, 48);
      for (let r = 1; r < reduced; r++) {
        p += innerBytes;
        a0 = combine(isMax, a0, v128.load(p));
        a1 = combine(isMax, a1, v128.load(p, 16));
        a2 = combine(isMax, a2, v128.load(p, 32));
        a3 = combine(isMax, a3, v128.load(p, 48));
      }
      const d = dst + (<usize>i << 2);
      v128.store(d, a0); v128.store(d, a1, 16); v128.store(d, a2, 32); v128.store(d, a3, 48);
    }
    for (; i + 4 <= inner; i += 4) {
      let p = src + (<usize>i << 2);
      let a = v128.load(p);
      for (let r = 1; r < reduced; r++) {
        p += innerBytes;
        a = combine(isMax, a, v128.load(p));
      }
      v128.store(dst + (<usize>i << 2), a);
    }
    for (; i < inner; i++) {
      let p = src + (<usize>i << 2);
      let a = load<f32>(p);
      for (let r = 1; r < reduced; r++) {
        p += innerBytes;
        a = isMax ? max<f32>(a, load<f32>(p)) : a + load<f32>(p);
      }
      store<f32>(dst + (<usize>i << 2), a);
    }
  }
}

// @ts-ignore: decorator
@inline
function reduceInnerImpl(isMax: bool, x: usize, out: usize, outer: i32, reduced: i32): void {
  const rowBytes = <usize>reduced << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * rowBytes;
    let r = 0;
    let result: f32;
    if (reduced >= 4) {
      let a = v128.load(src);
      for (r = 4; r + 4 <= reduced; r += 4) a = combine(isMax, a, v128.load(src + (<usize>r << 2)));
      if (isMax) {
        result = max<f32>(max<f32>(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)),
          max<f32>(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
      } else {
        result = (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) +
          (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
      }
    } else {
      result = load<f32>(src);
      r = 1;
    }
    for (; r < reduced; r++) {
      const v = load<f32>(src + (<usize>r << 2));
      result = isMax ? max<f32>(result, v) : result + v;
    }
    store<f32>(out + (<usize>o << 2), result);
  }
}

// @ts-ignore: decorator
@inline
function divideInPlace(ptr: usize, n: i32, divisor: f32): void {
  const d = f32x4.splat(divisor);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = ptr + (<usize>i << 2);
    v128.store(p, f32x4.div(v128.load(p), d));
  }
  for (; i < n; i++) {
    const p = ptr + (<usize>i << 2);
    store<f32>(p, load<f32>(p) / divisor);
  }
}

/**
 * x viewed as [outer, reduced, inner], reduced over the middle axis into out [outer, inner].
 * inner == 1 reduces the innermost axis. Requires reduced >= 1.
 */
export function reduce(x: usize, out: usize, op: i32, outer: i32, reduced: i32, inner: i32): void {
  const isMax = op == REDUCE_MAX;
  if (inner == 1) {
    if (isMax) reduceInnerImpl(true, x, out, outer, reduced);
    else reduceInnerImpl(false, x, out, outer, reduced);
  } else if (isMax) {
    reduceMiddleImpl(true, x, out, outer, reduced, inner);
  } else {
    reduceMiddleImpl(false, x, out, outer, reduced, inner);
  }
  if (op == REDUCE_MEAN) divideInPlace(out, outer * inner, <f32>reduced);
}
