// Elementwise kernels of tfjs's activation gradients: Relu's is mul(dy, step(x)) and the fused
// conv/matmul relu gradient is mul(dy, step(y)), so Step sits on every ReLU layer's backward pass.

/** out = x > 0 ? 1 : alpha, NaN stays NaN (tfjs's Step); out may alias x. */
export function step(x: usize, out: usize, n: i32, alpha: f32): void {
  const one = f32x4.splat(1);
  const other = f32x4.splat(alpha);
  const zero = f32x4.splat(0);
  const vecEnd = n & ~3;
  let i = 0;
  for (; i < vecEnd; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const r = v128.bitselect(one, other, f32x4.gt(v, zero));
    v128.store(out + o, v128.bitselect(v, r, f32x4.ne(v, v)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, v != v ? v : v > 0 ? 1 : alpha);
  }
}

export const UNARY_SQRT: i32 = 0;
export const UNARY_SQUARE: i32 = 1;

// @ts-ignore: decorator
@inline
function unaryImpl(op: i32, x: usize, out: usize, n: i32): void {
  const vecEnd = n & ~3;
  let i = 0;
  for (; i < vecEnd; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(out + o, op == UNARY_SQRT ? f32x4.sqrt(v) : f32x4.mul(v, v));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(out + o, op == UNARY_SQRT ? Mathf.sqrt(v) : v * v);
  }
}

/**
 * Sqrt and Square, which the Adam/RMSProp updates apply to every parameter tensor each step (and
 * Square to squared-error losses). Both are correctly rounded in f32, so they equal the cpu's
 * f64-then-rounded results exactly. out may alias x.
 */
export function unaryMath(x: usize, out: usize, n: i32, op: i32): void {
  if (op == UNARY_SQRT) unaryImpl(UNARY_SQRT, x, out, n);
  else unaryImpl(UNARY_SQUARE, x, out, n);
}

/** tfjs's EluGrad from the forward output y: dx = y >= 0 ? dy : dy·(y + 1). */
export function eluGrad(dy: usize, y: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const vecEnd = n & ~3;
  let i = 0;
  for (; i < vecEnd; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(dy + o);
    const v = v128.load(y + o);
    v128.store(out + o, v128.bitselect(g, f32x4.mul(g, f32x4.add(v, one)), f32x4.ge(v, zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(dy + o);
    const v = load<f32>(y + o);
    store<f32>(out + o, v >= 0 ? g : g * (v + 1));
  }
}
