// Elementwise Add, Sub, Mul with the broadcasts CNN graphs use: same shape, a scalar on either
// side, and a [C] vector against [..., C] on either side (bias adds, per-channel scales).
export const OP_ADD: i32 = 0;
export const OP_SUB: i32 = 1;
export const OP_MUL: i32 = 2;
// RealDiv: the Adam update divides every parameter tensor (by a scalar and elementwise).
export const OP_DIV: i32 = 3;

export const SAME_SHAPE: i32 = 0;
export const A_SCALAR: i32 = 1;
export const B_SCALAR: i32 = 2;
export const A_VECTOR: i32 = 3;
export const B_VECTOR: i32 = 4;

// @ts-ignore: decorator
@inline
function applyV(op: i32, a: v128, b: v128): v128 {
  if (op == OP_ADD) return f32x4.add(a, b);
  if (op == OP_SUB) return f32x4.sub(a, b);
  if (op == OP_DIV) return f32x4.div(a, b);
  return f32x4.mul(a, b);
}

// @ts-ignore: decorator
@inline
function applyS(op: i32, a: f32, b: f32): f32 {
  if (op == OP_ADD) return a + b;
  if (op == OP_SUB) return a - b;
  if (op == OP_DIV) return a / b;
  return a * b;
}

// @ts-ignore: decorator
@inline
function sameShape(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, applyV(op, v128.load(a + at), v128.load(b + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, applyS(op, load<f32>(a + at), load<f32>(b + at)));
  }
}

// @ts-ignore: decorator
@inline
function withScalar(op: i32, scalarFirst: bool, t: usize, s: f32, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const v = v128.load(t + at);
    v128.store(out + at, scalarFirst ? applyV(op, sv, v) : applyV(op, v, sv));
  }
  for (; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(t + at);
    store<f32>(out + at, scalarFirst ? applyS(op, s, v) : applyS(op, v, s));
  }
}

// @ts-ignore: decorator
@inline
function withVector(op: i32, vectorFirst: bool, t: usize, vec: usize, out: usize, n: i32, channels: i32): void {
  const rowBytes = <usize>channels << 2;
  const rows = n / channels;
  for (let r = 0; r < rows; r++) {
    const src = t + <usize>r * rowBytes;
    const dst = out + <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const at = <usize>c << 2;
      const v = v128.load(src + at);
      const w = v128.load(vec + at);
      v128.store(dst + at, vectorFirst ? applyV(op, w, v) : applyV(op, v, w));
    }
    for (; c < channels; c++) {
      const at = <usize>c << 2;
      const v = load<f32>(src + at);
      const w = load<f32>(vec + at);
      store<f32>(dst + at, vectorFirst ? applyS(op, w, v) : applyS(op, v, w));
    }
  }
}

// @ts-ignore: decorator
@inline
function binaryOp(op: i32, a: usize, b: usize, out: usize, n: i32, mode: i32, channels: i32): void {
  if (mode == SAME_SHAPE) sameShape(op, a, b, out, n);
  else if (mode == A_SCALAR) withScalar(op, true, b, load<f32>(a), out, n);
  else if (mode == B_SCALAR) withScalar(op, false, a, load<f32>(b), out, n);
  else if (mode == A_VECTOR) withVector(op, true, b, a, out, n, channels);
  else withVector(op, false, a, b, out, n, channels);
}

// One function per op, the op a constant inside each: inlined side by side into one function,
// binaryen merged the four copies into one set of loops that chose the op at every element.
// Binaryen leaves functions this large apart (checked in the .wat).
function binaryAdd(a: usize, b: usize, out: usize, n: i32, mode: i32, channels: i32): void {
  binaryOp(OP_ADD, a, b, out, n, mode, channels);
}

function binarySub(a: usize, b: usize, out: usize, n: i32, mode: i32, channels: i32): void {
  binaryOp(OP_SUB, a, b, out, n, mode, channels);
}

function binaryDiv(a: usize, b: usize, out: usize, n: i32, mode: i32, channels: i32): void {
  binaryOp(OP_DIV, a, b, out, n, mode, channels);
}

function binaryMul(a: usize, b: usize, out: usize, n: i32, mode: i32, channels: i32): void {
  binaryOp(OP_MUL, a, b, out, n, mode, channels);
}

/**
 * out[n] = a op b. For the scalar modes the scalar side holds one float; for the vector modes the
 * vector side holds `channels` floats and the other side n (a multiple of channels).
 */
export function binary(a: usize, b: usize, out: usize, n: i32, op: i32, mode: i32, channels: i32): void {
  if (op == OP_ADD) binaryAdd(a, b, out, n, mode, channels);
  else if (op == OP_SUB) binarySub(a, b, out, n, mode, channels);
  else if (op == OP_DIV) binaryDiv(a, b, out, n, mode, channels);
  else binaryMul(a, b, out, n, mode, channels);
}

/**
 * Elements [start, end) of binary(...): the unit threads split (whole rows of `channels` in the
 * vector modes). The full-size operands and the output are offset; a scalar or vector side is not.
 */
export function binaryRange(
  a: usize, b: usize, out: usize, op: i32, mode: i32, channels: i32, start: i32, end: i32, part: i32,
): void {
  const offset = <usize>start << 2;
  const aOffset: usize = mode == A_SCALAR || mode == A_VECTOR ? 0 : offset;
  const bOffset: usize = mode == B_SCALAR || mode == B_VECTOR ? 0 : offset;
  binary(a + aOffset, b + bOffset, out + offset, end - start, op, mode, channels);
}
