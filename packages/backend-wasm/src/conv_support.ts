// Shared by the convolution and matmul kernel files: packed-weight caches and the translation of
// a fused op's bias / PReLU inputs into the WASM epilogue.
import { ACTIVATION, activation as elementwiseActivation, type Epilogue, type PackedWeights, packWeights } from '@foveajs/kernels-wasm';
import {
  backend_util,
  type DataId,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { allFloat32, cpuKernel, input } from './kernel_utils.js';

/**
 * Packed weights keyed by the tensor's dataId: a filter is packed on first use and reused while
 * the tensor lives (tfjs data is immutable; a reshape shares the dataId, hence the size check).
 * With zero-copy the packed panels live in WASM memory: they are freed when the tensor is disposed.
 */
export class PackedWeightsCache<Packed extends PackedWeights = PackedWeights> {
  private readonly cache = new WeakMap<DataId, Packed>();
  private readonly watched = new WeakSet<FoveaWasmBackend>();

  get(backend: FoveaWasmBackend, tensor: TensorInfo, rows: number, columns: number, pack: () => Packed): Packed {
    if (!this.watched.has(backend)) {
      this.watched.add(backend);
      backend.onDispose((dataId) => this.drop(backend, dataId));
    }
    const cached = this.cache.get(tensor.dataId);
    if (cached !== undefined && cached.rows === rows && cached.columns === columns) return cached;
    this.drop(backend, tensor.dataId);
    const packed = pack();
    this.cache.set(tensor.dataId, packed);
    return packed;
  }

  private drop(backend: FoveaWasmBackend, dataId: DataId): void {
    const cached = this.cache.get(dataId);
    if (cached === undefined) return;
    this.cache.delete(dataId);
    backend.kernels.arena.release(cached.panels);
  }
}

/** Matrices packed once per tensor, one cache per transpose flag (it changes the packing). */
const matMulPackings = { plain: new PackedWeightsCache(), transposed: new PackedWeightsCache() };

/**
 * The right-hand operand of batchMatMul (BatchMatMul, _FusedMatMul): a single matrix is packed on
 * its first use and reused while the tensor lives, as convolution filters are. A Dense kernel is
 * the usual case, but an activation gains too when it meets several left operands, and loses
 * nothing: it is packed once either way, and its packing is freed with it. A batch of matrices is
 * passed as it is (batchMatMul packs each in turn).
 */
export function matMulOperand(backend: FoveaWasmBackend, b: TensorInfo, batchOfB: number, transposeB: boolean): Float32Array | PackedWeights {
  if (batchOfB !== 1) return float32Array(backend, b);
  const N = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const K = b.shape[b.shape.length - (transposeB ? 1 : 2)]!;
  return matMulPackings[transposeB ? 'transposed' : 'plain'].get(backend, b, K, N, () =>
    packWeights(backend.kernels, float32Array(backend, b), K, N, transposeB),
  );
}

/**
 * A float32 tensor's values as a Float32Array. The cpu backend's int32→float32 cast keeps the
 * Int32Array (no encoding loss), so a float32 tensor's storage is not always a Float32Array.
 */
export function float32Array(backend: FoveaWasmBackend, t: TensorInfo): Float32Array {
  const values = backend.float32Values(t) as Float32Array | Int32Array | Uint8Array;
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/** tfjs passes `dilations: null` for the default (its cpu kernels treat it as 1). */
export function dilationsOrOne(dilations: number | [number, number] | null | undefined): number | [number, number] {
  return dilations ?? 1;
}

/** True when `t` broadcasts over an output whose last axis has `channels` entries as one value per channel (or one value). */
function perChannel(t: TensorInfo, channels: number, outRank: number): boolean {
  const size = t.shape.reduce((p, d) => p * d, 1);
  if (t.shape.length > outRank) return false;
  if (size === 1) return true;
  return size === channels && t.shape[t.shape.length - 1] === channels;
}

/**
 * The epilogue for a fused op, or undefined when bias / PReLU weights broadcast in a way the
 * kernels do not handle (then the caller falls back to the cpu kernel).
 */
export function fusedEpilogue(
  backend: FoveaWasmBackend,
  channels: number,
  outRank: number,
  activation: string | undefined,
  leakyreluAlpha: number | undefined,
  bias: TensorInfo | undefined,
  preluWeights: TensorInfo | undefined,
): Epilogue | undefined {
  if (bias !== undefined && (bias.dtype !== 'float32' || !perChannel(bias, channels, outRank))) return undefined;
  const prelu = activation === 'prelu';
  if (prelu && (preluWeights === undefined || preluWeights.dtype !== 'float32' || !perChannel(preluWeights, channels, outRank))) {
    return undefined;
  }
  if (activation !== undefined && !Object.hasOwn(ACTIVATION, activation)) return undefined;
  return {
    bias: bias === undefined ? undefined : float32Array(backend, bias),
    activation: (activation ?? 'linear') as Epilogue['activation'],
    leakyreluAlpha,
    preluAlpha: prelu && preluWeights !== undefined ? float32Array(backend, preluWeights) : undefined,
  };
}

/**
 * tfjs's batch semantics for (Batch/_Fused)MatMul: batch dimensions are flattened and must have
 * equal sizes or one of size 1; the output takes their broadcast shape. Returns the 3-D shapes to
 * compute with and the output shape, or undefined when tfjs's rule is not met (cpu then reports it).
 */
export function matMulShapes(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): { a: number[]; b: number[]; out: number[] } | undefined {
  const outerA = aShape.slice(0, -2);
  const outerB = bShape.slice(0, -2);
  const batchA = outerA.reduce((p, d) => p * d, 1);
  const batchB = outerB.reduce((p, d) => p * d, 1);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return undefined;
  }
  const [a0, a1] = aShape.slice(-2) as [number, number];
  const [b0, b1] = bShape.slice(-2) as [number, number];
  return { a: [batchA, a0, a1], b: [batchB, b0, b1], out: [...outer, transposeA ? a1 : a0, transposeB ? b0 : b1] };
}

type Shape4 = [number, number, number, number];

/**
 * The cpu kernel of a fused op, for the cases our kernels decline. The cpu knows no 'swish' (see
 * EXTRA_FUSED_ACTIVATIONS): it runs linear, then our swish kernel applies x · sigmoid(x).
 */
export function fusedFallback(kernelName: string): KernelFunc {
  const fallback = cpuKernel(kernelName);
  return (args) => {
    if ((args.attrs as { activation?: string } | undefined)?.activation !== 'swish') return fallback(args);
    const linear = fallback({ ...args, attrs: { ...args.attrs, activation: 'linear' } }) as TensorInfo;
    const backend = args.backend as FoveaWasmBackend;
    if (linear.dtype !== 'float32') return linear;
    const result = backend.float32Result(linear.shape, elementwiseActivation(backend.kernels, backend.float32Values(linear), 'swish'));
    backend.disposeIntermediateTensorInfo(linear);
    return result;
  };
}

/**
 * Shared by Conv2D, DepthwiseConv2dNative and their fused forms: NHWC float32 x and filter (with,
 * when `fused`, a bias / activation epilogue the kernels handle) run `compute` in WASM; the rest
 * runs on the cpu.
 */
export function convConfig(
  kernelName: string,
  { depthwise, fused }: { depthwise: boolean; fused: boolean },
  compute: (
    backend: FoveaWasmBackend,
    x: TensorInfo,
    filter: TensorInfo,
    info: backend_util.Conv2DInfo,
    epilogue: Epilogue | undefined,
  ) => Float32Array,
): KernelConfig {
  const fallback = fused ? fusedFallback(kernelName) : cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    const filter = input(args.inputs, 'filter');
    // Conv2DAttrs, DepthwiseConv2dNativeAttrs and FusedDepthwiseConv2DAttrs have these fields too.
    const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
      args.attrs as unknown as FusedConv2DAttrs;
    if (!allFloat32(x, filter) || dataFormat === 'NCHW' || x.shape.length !== 4) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    const info = backend_util.computeConv2DInfo(
      x.shape as Shape4, filter.shape as Shape4, strides, dilationsOrOne(dilations), pad, dimRoundingMode, depthwise, 'channelsLast',
    );
    if (info.outHeight * info.outWidth * info.batchSize === 0) return fallback(args);
    let epilogue: Epilogue | undefined;
    if (fused) {
      const { bias, preluActivationWeights } = args.inputs;
      epilogue = fusedEpilogue(backend, info.outChannels, 4, activation, leakyreluAlpha, bias, preluActivationWeights);
      if (epilogue === undefined) return fallback(args);
    }
    return backend.float32Result(info.outShape, compute(backend, x, filter, info, epilogue));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/**
 * Whether the depthwise gradient kernels handle `info` in WASM: non-empty, dy of the forward
 * output's shape, unit dilations. (The cpu kernel sizes dilated problems but ignores the dilation
 * in its loops; tfjs's gradient never passes one (it asserts unit dilations), so direct calls keep
 * the cpu's results.)
 */
export function depthwiseBackpropSupported(info: backend_util.Conv2DInfo, dy: TensorInfo): boolean {
  const sizes = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
  if (sizes.some((d) => d <= 0) || dy.shape.join() !== info.outShape.join()) return false;
  return info.dilationHeight === 1 && info.dilationWidth === 1;
}
