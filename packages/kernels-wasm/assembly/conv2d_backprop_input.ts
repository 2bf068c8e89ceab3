// Conv2DBackpropInput (also Conv2DTranspose): dx is a stride-1 convolution of dy with holes
// inserted between its pixels (the forward stride), padded by (effective filter − 1 − forward
// padding), using the filter flipped in space with in/out channels swapped. The staging is
// padInput's, the arithmetic conv2d's GEMM; only the geometry lives here.
import { conv2d, padInput } from './conv2d';

/**
 * dy: batch×outH×outW×Cout; packed: gemm panels of the flipped, transposed filter
 * (K = kh·kw·Cout, N = Cin); dx: batch×H×W×Cin; staged: batch×(H+effKh−1)×(W+effKw−1)×Cout
 * floats; rowOff: batch·H·W i32; runOff: kh·kw i32; scratch: 8 floats.
 */
export function conv2dBackpropInput(
  dy: usize,
  batch: i32,
  outH: i32,
  outW: i32,
  Cout: i32,
  packed: usize,
  dx: usize,
  H: i32,
  W: i32,
  Cin: i32,
  kh: i32,
  kw: i32,
  sh: i32,
  sw: i32,
  dh: i32,
  dw: i32,
  padTop: i32,
  padLeft: i32,
  staged: usize,
  rowOff: usize,
  runOff: usize,
  scratch: usize,
): void {
  const effKh = (kh - 1) * dh + 1;
  const effKw = (kw - 1) * dw + 1;
  const Hs = H + effKh - 1;
  const Ws = W + effKw - 1;
  padInput(dy, batch, outH, outW, Cout, 1, staged, Hs, Ws, Cout, effKh - 1 - padTop, effKw - 1 - padLeft, sh, sw);
  conv2d(staged, batch, Hs, Ws, Cout, packed, 0, dx, H, W, Cin, kh, kw, 1, 1, dh, dw, rowOff, runOff, scratch, 0, 0, 0, 1);
}
