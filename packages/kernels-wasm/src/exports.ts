// The one table of the kernel module's exports (assembly/index.ts re-exports them): a row per
// export with its signature and whether threads split it. KernelExports, PARALLEL_EXPORTS and the
// loader's check of a .wasm file derive from it; exports.test.ts checks that assembly/index.ts,
// the AssemblyScript signatures and the built modules agree with it.

/** A row: the export's signature (carried as a type only) and whether ThreadPool.run splits it. */
interface Row<Signature extends (...args: never[]) => unknown, Split extends boolean> {
  readonly split: Split;
  readonly signature?: Signature;
}

/** An export called once per kernel call, on the calling thread. */
function once<Signature extends (...args: never[]) => unknown>(): Row<Signature, false> {
  return { split: false };
}

/**
 * An export that threads split: its own arguments, then `start, end, part` (a range of its outer
 * loop and the participant's index, which picks its scratch). See ThreadPool.run.
 */
function split<Signature extends (...args: never[]) => unknown>(): Row<Signature, true> {
  return { split: true };
}

/** assembly/resize.ts's two resizes take the same arguments. */
type ResizeExport = (
  x: number, out: number, batch: number, inHeight: number, inWidth: number, channels: number,
  outHeight: number, outWidth: number, alignCorners: number, halfPixelCenters: number,
) => void;

/** assembly/strided_copy.ts's two walks of a copy plan take the same arguments. */
type StridedCopyExport = (
  src: number, dst: number, rank: number, plan: number, elementBytes: number, counters: number, start: number, end: number, part: number,
) => void;

/** Every export of the kernel module but its memory; pointers are byte addresses into that memory. */
export const KERNEL_EXPORTS = {
  heapBase: once<() => number>(),
  /** src → dst (the same address for in place); codes of ACTIVATION (src/activation.ts). */
  applyActivationTo: once<(src: number, dst: number, n: number, activation: number, alpha: number, alphaPtr: number, channels: number) => void>(),
  // GEMM and convolution (assembly/gemm*.ts, conv2d.ts, depthwise.ts, grouped_conv2d.ts, winograd.ts).
  packPanels: once<(b: number, dst: number, K: number, N: number, transposed: boolean) => void>(),
  gemmRows: split<(
    a: number, rowOff: number, runOff: number, runs: number, runLen: number, packed: number, bias: number,
    out: number, N: number, scratch: number, activation: number, alpha: number, alphaPtr: number, alphaChannels: number,
    start: number, end: number, part: number,
  ) => void>(),
  gemmColumns: split<(
    a: number, rowOff: number, M: number, runOff: number, runs: number, runLen: number, packed: number, bias: number,
    out: number, N: number, scratch: number, start: number, end: number, part: number,
  ) => void>(),
  denseRowOffsets: once<(rowOff: number, M: number, K: number) => void>(),
  transpose: once<(src: number, dst: number, rows: number, cols: number) => void>(),
  padInput: once<(
    x: number, batch: number, H: number, W: number, C: number, mult: number,
    dst: number, Hp: number, Wp: number, Cp: number, top: number, left: number, sy: number, sx: number,
  ) => void>(),
  conv2dOffsets: once<(
    batch: number, Hs: number, Ws: number, C: number, outH: number, outW: number,
    kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, rowOff: number, runOff: number,
  ) => number>(),
  /** conv2dOffsets' two halves, for kernels that gather one run per filter tap (grouped conv). */
  pixelOffsets: once<(batch: number, Hs: number, Ws: number, C: number, outH: number, outW: number, sh: number, sw: number, rowOff: number) => void>(),
  tapOffsets: once<(kh: number, kw: number, dh: number, dw: number, Ws: number, C: number, tapOff: number) => void>(),
  depthwiseConv2d: split<(
    xs: number, batch: number, H: number, W: number, Cp: number, weights: number, bias: number, out: number,
    outH: number, outW: number, C: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number,
    padTop: number, padLeft: number, scratch: number, activation: number, alpha: number, alphaPtr: number, alphaChannels: number,
    start: number, end: number, part: number,
  ) => void>(),
  groupedConv2dRows: split<(
    xs: number, rowOff: number, runOff: number, taps: number, Cg: number, groups: number, packed: number, groupPanelBytes: number,
    bias: number, groupBiasBytes: number, out: number, Ng: number, scratch: number, activation: number, alpha: number,
    alphaPtr: number, alphaChannels: number, start: number, end: number, part: number,
  ) => void>(),
  winogradFilterTransform: once<(src: number, dst: number, C: number, N: number) => void>(),
  winogradConv2dRows: split<(
    xs: number, Hs: number, Ws: number, C: number, tilesH: number, tilesW: number, blockRows: number, packed: number,
    matrixPanelBytes: number, bias: number, out: number, outH: number, outW: number, N: number, rowOff: number,
    runOff: number, scratch: number, partBytes: number, untrusted: number, activation: number, alpha: number, alphaPtr: number,
    alphaChannels: number, start: number, end: number, part: number,
  ) => void>(),
  // Pooling, reductions and scans, normalisation, resize, softmax, layout (assembly/pool.ts, reduce.ts, scan.ts,
  // batchnorm.ts, resize.ts, softmax.ts, concat.ts, pad.ts, tile.ts).
  pool2d: split<(
    x: number, out: number, poolType: number, batch: number, inHeight: number, inWidth: number, channels: number,
    outHeight: number, outWidth: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, padTop: number, padLeft: number,
    start: number, end: number, part: number,
  ) => void>(),
  reduceRange: split<(
    x: number, out: number, op: number, dtype: number, outDtype: number, keptOffsets: number, keptStride: number, reducedOffsets: number,
    reducedStride: number, reducedCount: number, run: number, inner: number, start: number, end: number, part: number,
  ) => void>(),
  argReduceRange: split<(x: number, out: number, isMax: number, dtype: number, reduced: number, inner: number, start: number, end: number, part: number) => void>(),
  cumulativeRange: split<(
    x: number, out: number, op: number, dtype: number, n: number, inner: number, exclusive: number, reverse: number, start: number, end: number, part: number,
  ) => void>(),
  addNRange: split<(out: number, inputs: number, count: number, dtype: number, start: number, end: number, part: number) => void>(),
  batchNorm: once<(
    x: number, out: number, pixels: number, channels: number, mean: number, meanLength: number,
    variance: number, varianceLength: number, offset: number, offsetLength: number,
    scale: number, scaleLength: number, epsilon: number, scratch: number,
  ) => void>(),
  resizeBilinear: once<ResizeExport>(),
  resizeNearestNeighbor: once<ResizeExport>(),
  softmax: once<(x: number, out: number, rows: number, n: number) => void>(),
  concat: split<(out: number, count: number, parts: number, elementBytes: number, start: number, end: number, part: number) => void>(),
  split: split<(x: number, count: number, parts: number, elementBytes: number, start: number, end: number, part: number) => void>(),
  pad: once<(x: number, out: number, rank: number, shapes: number, counter: number, outSize: number, value: number) => void>(),
  tile: once<(x: number, out: number, rank: number, dims: number, elementBytes: number) => void>(),
  // Layout and indexing over 32-bit (float32, int32) or 8-bit (bool) elements, as concat, split and
  // tile above (assembly/strided_copy.ts, gather.ts, scatter.ts, mirror_pad.ts, fill.ts, cast.ts,
  // select.ts); TopK, CropAndResize and NMS (top_k.ts, crop_and_resize.ts, nms.ts).
  copyStrided: split<StridedCopyExport>(),
  transposeStrided: split<StridedCopyExport>(),
  gather: split<(
    x: number, indices: number, out: number, outer: number, axisSize: number, count: number, inner: number, elementBytes: number,
    start: number, end: number, part: number,
  ) => void>(),
  flatIndices: once<(indices: number, count: number, rank: number, strides: number, table: number, rows: number) => number>(),
  scatter: once<(out: number, updates: number, rows: number, count: number, inner: number, elementBytes: number, mode: number) => void>(),
  mirrorPad: once<(out: number, rank: number, shapes: number, offset: number, elementBytes: number) => void>(),
  fill: split<(out: number, n: number, bits: number, elementBytes: number, start: number, end: number, part: number) => void>(),
  range: once<(out: number, n: number, start: number, step: number, isInt: number) => void>(),
  oneHot: once<(indices: number, out: number, count: number, depth: number, on: number, off: number) => void>(),
  cast: split<(x: number, out: number, from: number, to: number, start: number, end: number, part: number) => void>(),
  select: split<(
    condition: number, t: number, e: number, out: number, inner: number, elementBytes: number, start: number, end: number, part: number,
  ) => void>(),
  topK: split<(
    x: number, values: number, indices: number, n: number, k: number, isInt: number, scratch: number, scratchBytes: number,
    start: number, end: number, part: number,
  ) => void>(),
  cropAndResize: split<(
    image: number, boxes: number, boxIndex: number, out: number, batch: number, height: number, width: number, channels: number,
    cropHeight: number, cropWidth: number, nearest: number, extrapolationValue: number, start: number, end: number, part: number,
  ) => void>(),
  nonMaxSuppression: once<(
    boxes: number, scores: number, n: number, maxOutput: number, iouThreshold: number, scoreThreshold: number, method: number,
    scale: number, scratch: number, selected: number, selectedScores: number,
  ) => number>(),
  batchedNonMaxSuppression: once<(
    boxes: number, scores: number, classes: number, n: number, classCount: number, maxOutput: number, maxPerClass: number,
    iouThreshold: number, scoreThreshold: number, method: number, scale: number, scratch: number, selected: number, selectedScores: number,
  ) => number>(),
  // Conv2D's filter gradient (assembly/conv2d_backprop_filter.ts).
  conv2dBackpropFilterWorkspace: once<(K: number, chunk: number, Cout: number) => number>(),
  conv2dBackpropFilterOffsets: once<(
    x: number, batch: number, H: number, W: number, Cin: number, outH: number, outW: number,
    kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, padTop: number, padLeft: number,
    staged: number, rowOff: number, tapOff: number,
  ) => void>(),
  conv2dBackpropFilterRange: split<(
    staged: number, rowOff: number, tapOff: number, taps: number, Cin: number, dy: number, Cout: number,
    chunk: number, dW: number, workspace: number, workspaceBytes: number, start: number, end: number, part: number,
  ) => void>(),
  accumulate: once<(acc: number, src: number, n: number) => void>(),
  // Elementwise and their gradients (assembly/unary.ts, binary.ts, elementwise_grad.ts).
  tanh: once<(x: number, out: number, n: number) => void>(),
  clip: once<(x: number, out: number, n: number, lo: number, hi: number) => void>(),
  binaryRange: split<(
    a: number, b: number, out: number, op: number, dtype: number, inner: number, mode: number, rank: number, dims: number,
    counters: number, start: number, end: number, part: number,
  ) => void>(),
  unaryRange: split<(x: number, out: number, op: number, dtype: number, start: number, end: number, part: number) => void>(),
  step: once<(x: number, out: number, n: number, alpha: number) => void>(),
  unaryMath: once<(x: number, out: number, n: number, op: number) => void>(),
  eluGrad: once<(dy: number, y: number, out: number, n: number) => void>(),
  // The other gradients (assembly/depthwise_backprop.ts, pool_grad.ts, resize_grad.ts).
  depthwiseConv2dBackpropFilterRows: split<(
    staged: number, Hs: number, Ws: number, CM: number, dy: number, outH: number, outW: number,
    dF: number, kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, start: number, end: number, part: number,
  ) => void>(),
  maxPoolGrad: split<(
    x: number, dy: number, dx: number, batch: number, H: number, W: number, C: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number, start: number, end: number, part: number,
  ) => void>(),
  avgPoolGrad: split<(
    dy: number, dx: number, batch: number, H: number, W: number, C: number, outH: number, outW: number,
    fh: number, fw: number, sh: number, sw: number, padTop: number, padLeft: number, multiplier: number,
    start: number, end: number, part: number,
  ) => void>(),
  resizeBilinearGrad: once<(dy: number, dx: number, batch: number, H: number, W: number, C: number, outH: number, outW: number, alignCorners: number) => void>(),
  resizeNearestNeighborGradRows: split<(
    dy: number, dx: number, H: number, W: number, C: number, outH: number, outW: number, heightScale: number, widthScale: number,
    invHeightScale: number, invWidthScale: number, winHeight: number, winWidth: number, alignCorners: number, scratch: number,
    start: number, end: number, part: number,
  ) => void>(),
  // Rarer kernels (assembly/lrn.ts, conv3d.ts, pool3d.ts, pool_argmax.ts, dilation2d.ts, bincount.ts,
  // multinomial.ts, diag.ts, search_sorted.ts, unique.ts, warp.ts); geometries are i32 blocks (see each file).
  lrnRange: split<(
    x: number, out: number, channels: number, radius: number, bias: number, alpha: number, beta: number, start: number, end: number, part: number,
  ) => void>(),
  lrnGradRange: split<(
    x: number, y: number, dy: number, out: number, channels: number, radius: number, bias: number, alpha: number, beta: number,
    start: number, end: number, part: number,
  ) => void>(),
  conv3dRows: split<(x: number, filter: number, out: number, geometry: number, start: number, end: number, part: number) => void>(),
  conv3dBackpropInputRows: split<(dy: number, filter: number, dx: number, geometry: number, start: number, end: number, part: number) => void>(),
  conv3dBackpropFilterRows: split<(x: number, dy: number, dw: number, geometry: number, start: number, end: number, part: number) => void>(),
  pool3dRows: split<(x: number, out: number, isMax: number, geometry: number, start: number, end: number, part: number) => void>(),
  maxPool3dPositionRows: split<(x: number, positions: number, geometry: number, start: number, end: number, part: number) => void>(),
  pool3dGradRows: split<(
    dy: number, positions: number, dx: number, multiplier: number, geometry: number, start: number, end: number, part: number,
  ) => void>(),
  maxPoolWithArgmaxRows: split<(
    x: number, out: number, indexes: number, includeBatch: number, geometry: number, start: number, end: number, part: number,
  ) => void>(),
  dilation2dRows: split<(
    x: number, filter: number, dy: number, out: number, mode: number, geometry: number, start: number, end: number, part: number,
  ) => void>(),
  bincount: once<(x: number, weights: number, weightsDtype: number, out: number, rows: number, cols: number, size: number, binaryOutput: number) => number>(),
  multinomial: once<(
    logits: number, out: number, batch: number, events: number, samples: number, normalized: number, seed: number, scratch: number,
  ) => void>(),
  diag: once<(x: number, out: number, n: number, elementBytes: number) => void>(),
  searchSortedRange: split<(
    sorted: number, values: number, out: number, dtype: number, numInputs: number, numValues: number, right: number, scratch: number,
    start: number, end: number, part: number,
  ) => void>(),
  rotateWithOffsetRows: split<(
    image: number, out: number, H: number, W: number, C: number, centerX: number, centerY: number, sin: number, cos: number, fill: number,
    start: number, end: number, part: number,
  ) => void>(),
  transformRows: split<(
    image: number, transforms: number, out: number, dtype: number, H: number, W: number, C: number, outH: number, outW: number,
    transformsBatch: number, bilinear: number, fillMode: number, fill: number, start: number, end: number, part: number,
  ) => void>(),
  unique: once<(
    x: number, out: number, indices: number, dtype: number, outer: number, n: number, inner: number, table: number, tableSize: number,
    firsts: number,
  ) => number>(),
};

export type KernelExportName = keyof typeof KERNEL_EXPORTS;

/** The raw exports of an instance of the kernel module, typed from KERNEL_EXPORTS. */
export type KernelExports = { memory: WebAssembly.Memory } & {
  [Name in KernelExportName]: NonNullable<(typeof KERNEL_EXPORTS)[Name]['signature']>;
};

/** The exports that threads split (rows made with `split`). */
export type ParallelExport = {
  [Name in KernelExportName]: (typeof KERNEL_EXPORTS)[Name]['split'] extends true ? Name : never;
}[KernelExportName];

/** The exports that threads split, in table order; a worker calls them by index into this list. */
export const PARALLEL_EXPORTS: readonly ParallelExport[] = (Object.keys(KERNEL_EXPORTS) as KernelExportName[]).filter(
  (name): name is ParallelExport => KERNEL_EXPORTS[name].split,
);
