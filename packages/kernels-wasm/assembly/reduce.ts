// Reductions over a contiguous block of axes, the shapes CNNs use: global pooling reduces H,W of
// NHWC (a middle block, vectorised across the channels that stay), depth-wise max pooling and
// softmax-like ops reduce the last axis or channel groups (an inner block, vectorised along it).
// Max propagates NaN like tfjs's cpu Max. Sum and Mean accumulate in f64 (two f64x2 per f32x4),
// as tfjs's cpu kernel does in JS numbers: float32 sums of thousands of terms drift by 1e-5.

export const REDUCE_SUM: i32 = 0;
export const REDUCE_MEAN: i32 = 1;
export const REDUCE_MAX: i32 = 2;

function maxMiddle(x: usize, out: usize, outer: i32, reduced: i32, inner: i32): void {
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
        a0 = f32x4.max(a0, v128.load(p));
        a1 = f32x4.max(a1, v128.load(p, 16));
        a2 = f32x4.max(a2, v128.load(p, 32));
        a3 = f32x4.max(a3, v128.load(p, 48));
      }
      const d = dst + (<usize>i << 2);
      v128.store(d, a0); v128.store(d, a1, 16); v128.store(d, a2, 32); v128.store(d, a3, 48);
    }
    for (; i + 4 <= inner; i += 4) {
      let p = src + (<usize>i << 2);
      let a = v128.load(p);
      for (let r = 1; r < reduced; r++) {
        p += innerBytes;
        a = f32x4.max(a, v128.load(p));
      }
      v128.store(dst + (<usize>i << 2), a);
    }
    for (; i < inner; i++) {
      let p = src + (<usize>i << 2);
      let a = load<f32>(p);
      for (let r = 1; r < reduced; r++) {
        p += innerBytes;
        a = max<f32>(a, load<f32>(p));
      }
      store<f32>(dst + (<usize>i << 2), a);
    }
  }
}

function maxInner(x: usize, out: usize, outer: i32, reduced: i32): void {
  const rowBytes = <usize>reduced << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * rowBytes;
    let r = 0;
    let result: f32;
    if (reduced >= 4) {
      let a = v128.load(src);
      for (r = 4; r + 4 <= reduced; r += 4) a = f32x4.max(a, v128.load(src + (<usize>r << 2)));
      result = max<f32>(max<f32>(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)),
        max<f32>(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
    } else {
      result = load<f32>(src);
      r = 1;
    }
    for (; r < reduced; r++) {
      const v = load<f32>(src + (<usize>r << 2));
      result = max<f32>(result, v);
    }
    store<f32>(out + (<usize>o << 2), result);
  }
}

// @ts-ignore: decorator
@inline
function high(v: v128): v128 {
  return v128.shuffle<f32>(v, v, 2, 3, 0, 1);
}

// @ts-ignore: decorator
@inline
function demote4(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

function sumMiddle(x: usize, out: usize, outer: i32, reduced: i32, inner: i32, divisor: f64): void {
  const innerBytes = <usize>inner << 2;
  const d = f64x2.splat(divisor);
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * reduced * innerBytes;
    const dst = out + <usize>o * innerBytes;
    let i = 0;
    for (; i + 8 <= inner; i += 8) {
      let p = src + (<usize>i << 2);
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0), a3 = f64x2.splat(0);
      for (let r = 0; r < reduced; r++) {
        const v = v128.load(p);
        const w = v128.load(p, 16);
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(high(v)));
        a2 = f64x2.add(a2, f64x2.promote_low_f32x4(w));
        a3 = f64x2.add(a3, f64x2.promote_low_f32x4(high(w)));
        p += innerBytes;
      }
      const q = dst + (<usize>i << 2);
      v128.store(q, demote4(f64x2.div(a0, d), f64x2.div(a1, d)));
      v128.store(q, demote4(f64x2.div(a2, d), f64x2.div(a3, d)), 16);
    }
    for (; i + 4 <= inner; i += 4) {
      let p = src + (<usize>i << 2);
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
      for (let r = 0; r < reduced; r++) {
        const v = v128.load(p);
        a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
        a1 = f64x2.add(a1, f64x2.promote_low_f32x4(high(v)));
        p += innerBytes;
      }
      v128.store(dst + (<usize>i << 2), demote4(f64x2.div(a0, d), f64x2.div(a1, d)));
    }
    for (; i < inner; i++) {
      let p = src + (<usize>i << 2);
      let a: f64 = 0;
      for (let r = 0; r < reduced; r++) {
        a += <f64>load<f32>(p);
        p += innerBytes;
      }
      store<f32>(dst + (<usize>i << 2), <f32>(a / divisor));
    }
  }
}

function sumInner(x: usize, out: usize, outer: i32, reduced: i32, divisor: f64): void {
  const rowBytes = <usize>reduced << 2;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * rowBytes;
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
    let r = 0;
    for (; r + 4 <= reduced; r += 4) {
      const v = v128.load(src + (<usize>r << 2));
      a0 = f64x2.add(a0, f64x2.promote_low_f32x4(v));
      a1 = f64x2.add(a1, f64x2.promote_low_f32x4(high(v)));
    }
    const lanes = f64x2.add(a0, a1);
    let sum = f64x2.extract_lane(lanes, 0) + f64x2.extract_lane(lanes, 1);
    for (; r < reduced; r++) sum += <f64>load<f32>(src + (<usize>r << 2));
    store<f32>(out + (<usize>o << 2), <f32>(sum / divisor));
  }
}

/**
 * x viewed as [outer, reduced, inner], reduced over the middle axis into out [outer, inner].
 * inner == 1 reduces the innermost axis. Requires reduced >= 1.
 */
export function reduce(x: usize, out: usize, op: i32, outer: i32, reduced: i32, inner: i32): void {
  if (op == REDUCE_MAX) {
    if (inner == 1) maxInner(x, out, outer, reduced);
    else maxMiddle(x, out, outer, reduced, inner);
    return;
  }
  const divisor: f64 = op == REDUCE_MEAN ? <f64>reduced : 1;
  if (inner == 1) sumInner(x, out, outer, reduced, divisor);
  else sumMiddle(x, out, outer, reduced, inner, divisor);
}
