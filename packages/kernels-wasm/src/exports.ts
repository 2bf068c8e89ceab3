/** assembly/resize.ts's two resizes take the same arguments. */
type ResizeExport = (
  x: number, out: number, batch: number, inHeight: number, inWidth: number, channels: number,
  outHeight: number, outWidth: number, alignCorners: number, halfPixelCenters: number,
) => void;

/**
 * The raw exports of the kernel module: every function takes byte pointers into `memory`.
 * Extend this interface when a kernel is added to assembly/index.ts.
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  /** src → dst (the same address for in place); codes of ACTIVATION (src/activation.ts). */
  applyActivationTo(src: number, dst: number, n: number, activation: number, alpha: number, alphaPtr: number, channels: number): void;
  // Convolution / matmul (assembly/gemm.ts, conv2d.ts, depthwise.ts). Exports that threads split
  // end with `start, end, part` (src/threads.ts).
  packPanels(b: number, dst: number, K: number, N: number, transposed: boolean): void;
  gemmRows(
    a: number, rowOff: number, runOff: number, runs: number, runLen: number, packed: number, bias: number,
    out: number, N: number, scratch: number, activation: number, alpha: number, alphaPtr: number, alphaChannels: number,
    start: number, end: number, part: number,
  ): void;
  gemmColumns(
    a: number, rowOff: number, M: number, runOff: number, runs: number, runLen: number, packed: number, bias: number,
    out: number, N: number, scratch: number, start: number, end: number, part: number,
  ): void;
  denseRowOffsets(rowOff: number, M: number, K: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  padInput(
    x: number, batch: number, H: number, W: number, C: number, mult: number,
    dst: number, Hp: number, Wp: number, Cp: number, top: number, left: number, sy: number, sx: number,
  ): void;
  conv2dOffsets(
    batch: number, Hs: number, Ws: number, C: number, outH: number, outW: number,
    kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, rowOff: number, runOff: number,
  ): number;
  /** conv2dOffsets' two halves, for kernels that gather one run per filter tap (grouped conv). */
  pixelOffsets(batch: number, Hs: number, Ws: number, C: number, outH: number, outW: number, sh: number, sw: number, rowOff: number): void;
  tapOffsets(kh: number, kw: number, dh: number, dw: number, Ws: number, C: number, tapOff: number): void;
  depthwiseConv2d(
    xs: number, batch: number, H: number, W: number, Cp: number, weights: number, bias: number, out: number,
    outH: number, outW: number, C: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number,
    padTop: number, padLeft: number, scratch: number, activation: number, alpha: number, alphaPtr: number, alphaChannels: number,
    start: number, end: number, part: number,
  ): void;
  groupedConv2dRows(
    xs: number, rowOff: number, runOff: number, taps: number, Cg: number, groups: number, packed: number, groupPanelBytes: number,
    bias: number, groupBiasBytes: number, out: number, Ng: number, scratch: number, activation: number, alpha: number,
    alphaPtr: number, alphaChannels: number, start: number, end: number, part: number,
  ): void;
  winogradFilterTransform(src: number, dst: number, C: number, N: number): void;
  winogradConv2dRows(
    xs: number, Hs: number, Ws: number, C: number, tilesH: number, tilesW: number, blockRows: number, packed: number,
    matrixPanelBytes: number, bias: number, out: number, outH: number, outW: number, N: number, rowOff: number,
    runOff: number, scratch: number, partBytes: number, activation: number, alpha: number, alphaPtr: number,
    alphaChannels: number, start: number, end: number, part: number,
  ): void;
  // Pooling, reductions, normalisation, resize, softmax, concat, pad, elementwise (assembly/pool.ts,
  // reduce.ts, batchnorm.ts, resize.ts, softmax.ts, concat.ts, pad.ts, binary.ts, unary.ts).
  tanh(x: number, out: number, n: number): void;
  clip(x: number, out: number, n: number, lo: number, hi: number): void;
  pool2d(
    x: number, out: number, poolType: number, batch: number, inHeight: number, inWidth: number, channels: number,
    outHeight: number, outWidth: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, padTop: number, padLeft: number,
    start: number, end: number, part: number,
  ): void;
  reduce(x: number, out: number, op: number, outer: number, reduced: number, inner: number): void;
  batchNorm(
    x: number, out: number, pixels: number, channels: number, mean: number, meanLength: number,
    variance: number, varianceLength: number, offset: number, offsetLength: number,
    scale: number, scaleLength: number, epsilon: number, scratch: number,
  ): void;
  resizeBilinear: ResizeExport;
  resizeNearestNeighbor: ResizeExport;
  softmax(x: number, out: number, rows: number, n: number): void;
  concat(out: number, outer: number, count: number, inputs: number): void;
  pad(x: number, out: number, rank: number, shapes: number, counter: number, outSize: number, value: number): void;
  binary(a: number, b: number, out: number, n: number, op: number, mode: number, channels: number): void;
  binaryRange(a: number, b: number, out: number, op: number, mode: number, channels: number, start: number, end: number, part: number): void;
  // Training (gradient) kernels (assembly/conv2d_backprop_filter.ts, depthwise_backprop.ts,
  // pool_grad.ts, resize_grad.ts, elementwise_grad.ts).
  conv2dBackpropFilterWorkspace(K: number, chunk: number, Cout: number): number;
  conv2dBackpropFilterOffsets(
    x: number, batch: number, H: number, W: number, Cin: number, outH: number, outW: number,
    kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, padTop: number, padLeft: number,
    staged: number, rowOff: number, tapOff: number,
  ): void;
  conv2dBackpropFilterRange(
    staged: number, rowOff: number, tapOff: number, taps: number, Cin: number, dy: number, Cout: number,
    chunk: number, dW: number, workspace: number, workspaceBytes: number, start: number, end: number, part: number,
  ): void;
  accumulate(acc: number, src: number, n: number): void;
  depthwiseConv2dBackpropFilterRows(
    staged: number, Hs: number, Ws: number, CM: number, dy: number, outH: number, outW: number,
    dF: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, start: number, end: number, part: number,
  ): void;
  maxPoolGrad(
    x: number, dy: number, dx: number, batch: number, H: number, W: number, C: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number, start: number, end: number, part: number,
  ): void;
  avgPoolGrad(
    dy: number, dx: number, batch: number, H: number, W: number, C: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number, multiplier: number,
    start: number, end: number, part: number,
  ): void;
  resizeBilinearGrad(
    dy: number, dx: number, batch: number, H: number, W: number, C: number, outH: number, outW: number, alignCorners: number,
  ): void;
  step(x: number, out: number, n: number, alpha: number): void;
  unaryMath(x: number, out: number, n: number, op: number): void;
  eluGrad(dy: number, y: number, out: number, n: number): void;
  tile(x: number, out: number, rank: number, dims: number): void;
}
