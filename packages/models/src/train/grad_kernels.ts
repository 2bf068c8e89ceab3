// Training-time gradient kernels for fovea-wasm. fovea-wasm runs tfjs's CPU kernels for the ops it
// does not implement yet, and tfjs-cpu's Conv2DBackpropFilter / MaxPoolGrad / AvgPoolGrad index
// through TensorBuffer.get(): measured here they take ~95% of a LeNet-5 training step (about 40 s
// per batch of 64). These are the same maths as plain loops over the typed arrays. They belong in
// @fovea/backend-wasm (as WASM); until it has them, the training scripts opt in with
// useFastGradientKernels(), which steps aside for any kernel fovea-wasm implements itself.
import {
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  registerKernel,
  type TensorInfo,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/** What these kernels need of a backend: tfjs-cpu's data map (fovea-wasm extends MathBackendCPU). */
interface CpuLikeBackend {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  disposeData(dataId: object): boolean;
}

function floatValues(backend: CpuLikeBackend, tensor: TensorInfo, kernel: string): Float32Array {
  const values = backend.data.get(tensor.dataId).values;
  if (!(values instanceof Float32Array)) throw new Error(`${kernel}: expected float32 data, got ${tensor.dtype}`);
  return values;
}

type Shape4 = [number, number, number, number];

/** Rows of im2col per matmul: bounds the patch matrix at ~64 MB whatever the batch. */
const MAX_PATCH_VALUES = 1 << 24;

function conv2DBackpropFilter(
  args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: CpuLikeBackend; attrs: Conv2DBackpropFilterAttrs },
  backendName: string,
) {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const info = backend_util.computeConv2DInfo(
    x.shape as Shape4,
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const xv = floatValues(backend, x, 'Conv2DBackpropFilter');
  const dyv = floatValues(backend, dy, 'Conv2DBackpropFilter');
  const patch = filterHeight * filterWidth * inChannels;
  const dw = new Float32Array(patch * outChannels);
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const matMul = getKernel('BatchMatMul', backendName)!.kernelFunc;
  // dW = im2col(x)ᵀ · dy: gather the patches (cheap copies), then one GEMM per chunk of rows on
  // the backend's own BatchMatMul (fovea-wasm's is WASM SIMD), accumulating into dW.
  const rowsPerImage = outHeight * outWidth;
  const imagesPerChunk = Math.max(1, Math.floor(MAX_PATCH_VALUES / (rowsPerImage * patch)));
  for (let first = 0; first < batchSize; first += imagesPerChunk) {
    const images = Math.min(imagesPerChunk, batchSize - first);
    const rows = images * rowsPerImage;
    const cols = new Float32Array(rows * patch);
    let row = 0;
    for (let b = first; b < first + images; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        for (let ow = 0; ow < outWidth; ow++, row++) {
          let col = row * patch;
          for (let kh = 0; kh < filterHeight; kh++) {
            const ih = oh * info.strideHeight + kh - padTop;
            for (let kw = 0; kw < filterWidth; kw++, col += inChannels) {
              const iw = ow * info.strideWidth + kw - padLeft;
              if (ih < 0 || ih >= inHeight || iw < 0 || iw >= inWidth) continue; // zero padding
              const xOffset = ((b * inHeight + ih) * inWidth + iw) * inChannels;
              cols.set(xv.subarray(xOffset, xOffset + inChannels), col);
            }
          }
        }
      }
    }
    const a = backend.makeTensorInfo([1, rows, patch], 'float32', cols);
    const g = backend.makeTensorInfo([1, rows, outChannels], 'float32', dyv.subarray(first * rowsPerImage * outChannels, (first + images) * rowsPerImage * outChannels));
    const product = matMul({ inputs: { a, b: g }, backend: backend as never, attrs: { transposeA: true, transposeB: false } }) as TensorInfo;
    const values = floatValues(backend, product, 'Conv2DBackpropFilter');
    for (let i = 0; i < dw.length; i++) dw[i]! += values[i]!;
    for (const info of [a, g, product]) backend.disposeData(info.dataId);
  }
  return backend.makeTensorInfo([...attrs.filterShape], 'float32', dw);
}

function poolGrad(
  kind: 'max' | 'avg',
  dy: TensorInfo,
  input: TensorInfo,
  backend: CpuLikeBackend,
  attrs: MaxPoolGradAttrs | AvgPoolGradAttrs,
): TensorInfo {
  const kernel = kind === 'max' ? 'MaxPoolGrad' : 'AvgPoolGrad';
  const dimRoundingMode = 'dimRoundingMode' in attrs ? attrs.dimRoundingMode : undefined;
  const info = backend_util.computePool2DInfo(input.shape as Shape4, attrs.filterSize, attrs.strides, 1, attrs.pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const xv = floatValues(backend, input, kernel);
  const dyv = floatValues(backend, dy, kernel);
  const dx = new Float32Array(batchSize * inHeight * inWidth * channels);
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const scale = 1 / (filterHeight * filterWidth); // tfjs averages over the full window, padding included
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * info.strideHeight - padTop;
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * info.strideWidth - padLeft;
        const dyOffset = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          const g = dyv[dyOffset + c]!;
          if (kind === 'avg') {
            for (let h = Math.max(0, h0); h < Math.min(inHeight, h0 + filterHeight); h++) {
              for (let w = Math.max(0, w0); w < Math.min(inWidth, w0 + filterWidth); w++) {
                dx[((b * inHeight + h) * inWidth + w) * channels + c]! += g * scale;
              }
            }
            continue;
          }
          // The first maximum of the window gets the gradient, as in tfjs's maxPoolPositions.
          let best = Number.NEGATIVE_INFINITY;
          let bestIndex = -1;
          for (let h = Math.max(0, h0); h < Math.min(inHeight, h0 + filterHeight); h++) {
            for (let w = Math.max(0, w0); w < Math.min(inWidth, w0 + filterWidth); w++) {
              const index = ((b * inHeight + h) * inWidth + w) * channels + c;
              if (xv[index]! > best || bestIndex < 0) {
                best = xv[index]!;
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex]! += g;
        }
      }
    }
  }
  return backend.makeTensorInfo([...input.shape], 'float32', dx);
}

function fastKernels(backendName: string): Record<string, KernelFunc> {
  return {
  [Conv2DBackpropFilter]: ((args: Parameters<typeof conv2DBackpropFilter>[0]) => {
    if (args.attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: the fast kernel supports NHWC only');
    return conv2DBackpropFilter(args, backendName);
  }) as unknown as KernelFunc,
  [MaxPoolGrad]: ((args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: CpuLikeBackend; attrs: MaxPoolGradAttrs }) =>
    poolGrad('max', args.inputs.dy, args.inputs.input, args.backend, args.attrs)) as unknown as KernelFunc,
  [AvgPoolGrad]: ((args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: CpuLikeBackend; attrs: AvgPoolGradAttrs }) =>
    poolGrad('avg', args.inputs.dy, args.inputs.input, args.backend, args.attrs)) as unknown as KernelFunc,
  };
}

/**
 * Use the fast gradient kernels on `backendName` wherever it still runs tfjs-cpu's own version.
 * Returns the kernels replaced (empty once the backend implements them itself).
 */
export function useFastGradientKernels(backendName = 'fovea-wasm'): string[] {
  const replaced: string[] = [];
  for (const [kernelName, kernelFunc] of Object.entries(fastKernels(backendName))) {
    const current = getKernel(kernelName, backendName);
    const cpu = getKernel(kernelName, 'cpu');
    const isCpuFallback = current === undefined || (cpu !== undefined && current.kernelFunc === cpu.kernelFunc);
    if (backendName !== 'cpu' && !isCpuFallback) continue;
    if (current) unregisterKernel(kernelName, backendName);
    const config: KernelConfig = { kernelName, backendName, kernelFunc };
    registerKernel(config);
    replaced.push(kernelName);
  }
  return replaced;
}

/** The fast kernels for a backend, for tests that compare them with tfjs-cpu's. */
export const fastGradientKernels: (backendName: string) => Readonly<Record<string, KernelFunc>> = fastKernels;
