import { convGeometryProblem, groupedConv2d, type PackedGroupedWeights, packGroupedConv2DFilter } from '@foveajs/kernels-wasm';
import { backend_util, type KernelConfig, type KernelFunc, type ShapeMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { dilationsOrOne, expectWindowSteps } from '../conv_support.js';
import { fusedEpilogue, fusedFallback } from '../fused_support.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';
import { finiteValues, PackedWeightsCache } from '../packing_support.js';

/**
 * A kernel tfjs lacks: grouped Conv2D (ResNeXt), NHWC, filter in Keras's layout
 * [kh, kw, Cin/groups, Cout], optional bias and fused activation. @foveajs/layers' grouped Conv2D
 * runs it where the active backend registers it (else it splits, convolves and concatenates).
 */
export const GROUPED_CONV2D = 'FoveaGroupedConv2D';

export interface GroupedConv2DAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  groups: number;
  activation?: string;
  leakyreluAlpha?: number;
}

const packedCache = new PackedWeightsCache<PackedGroupedWeights>();

const slice = cpuKernel('Slice');
const concat = cpuKernel('Concat');
const fusedConv2D = fusedFallback('FusedConv2D');

/**
 * The grouped convolution as tfjs's cpu kernels compute it, group by group (slice, FusedConv2D,
 * concat), for a filter with Inf or NaN: our kernel multiplies its staged zero padding by every
 * filter value (Inf · 0 = NaN), where the cpu skips the padding.
 */
function groupedOnCpu(backend: FoveaWasmBackend, x: TensorInfo, filter: TensorInfo, bias: TensorInfo | undefined, attrs: GroupedConv2DAttrs): TensorInfo {
  const { groups, strides, pad, dilations, activation, leakyreluAlpha } = attrs;
  const perGroup = x.shape[3]! / groups;
  const outPerGroup = filter.shape[3]! / groups;
  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo) => {
    temporaries.push(t);
    return t;
  };
  try {
    const outputs: TensorInfo[] = [];
    for (let g = 0; g < groups; g++) {
      const xg = keep(slice({ inputs: { x }, backend, attrs: { begin: [0, 0, 0, g * perGroup], size: [-1, -1, -1, perGroup] } }) as TensorInfo);
      const fg = keep(slice({ inputs: { x: filter }, backend, attrs: { begin: [0, 0, 0, g * outPerGroup], size: [-1, -1, -1, outPerGroup] } }) as TensorInfo);
      const perChannelBias = bias !== undefined && bias.shape.reduce((a, b) => a * b, 1) > 1;
      const bg = perChannelBias ? keep(slice({ inputs: { x: bias }, backend, attrs: { begin: [g * outPerGroup], size: [outPerGroup] } }) as TensorInfo) : bias;
      outputs.push(
        keep(
          fusedConv2D({
            inputs: { x: xg, filter: fg, ...(bg === undefined ? {} : { bias: bg }) },
            backend,
            attrs: { strides, pad, dataFormat: 'NHWC', dilations: dilationsOrOne(dilations), activation: activation ?? 'linear', leakyreluAlpha: leakyreluAlpha ?? 0.2 },
          }) as TensorInfo,
        ),
      );
    }
    const result = concat({ inputs: outputs as unknown as Record<string, TensorInfo>, backend, attrs: { axis: 3 } }) as TensorInfo;
    return result;
  } finally {
    for (const t of temporaries) backend.disposeIntermediateTensorInfo(t);
  }
}

const groupedConv2DKernel: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const { bias } = args.inputs;
  const { strides, pad, dilations, groups, activation, leakyreluAlpha } = args.attrs as unknown as GroupedConv2DAttrs;
  // No cpu kernel to fall back on: every unsupported case is an error naming it.
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') {
    throw new Error(`${GROUPED_CONV2D}: x and filter must be float32, got ${x.dtype} and ${filter.dtype}`);
  }
  if (x.shape.length !== 4 || filter.shape.length !== 4) {
    throw new Error(`${GROUPED_CONV2D}: x [batch, H, W, C] and filter [kh, kw, C/groups, Cout] must be rank 4, got [${x.shape}] and [${filter.shape}]`);
  }
  const [kh, kw, perGroup, outChannels] = filter.shape as ShapeMap['R4'];
  const channels = x.shape[3]!;
  if (!Number.isInteger(groups) || groups < 1 || perGroup * groups !== channels || outChannels % groups !== 0) {
    throw new Error(
      `${GROUPED_CONV2D}: groups ${groups} must divide x's ${channels} channels into filter's ${perGroup} per group, and its ${outChannels} output channels`,
    );
  }
  const backend = args.backend as FoveaWasmBackend;
  expectWindowSteps(GROUPED_CONV2D, strides, dilationsOrOne(dilations));
  if (!backend_util.eitherStridesOrDilationsAreOne(strides, dilationsOrOne(dilations))) {
    throw new Error(`${GROUPED_CONV2D}: strides ${JSON.stringify(strides)} and dilations ${JSON.stringify(dilations)} are both above 1; as in tf.conv2d, one of them must be 1`);
  }
  const info = backend_util.computeConv2DInfo(
    x.shape as ShapeMap['R4'], [kh, kw, channels, outChannels], strides, dilationsOrOne(dilations), pad, undefined, false, 'channelsLast',
  );
  const problem = convGeometryProblem(info);
  if (problem !== undefined) {
    throw new Error(`${GROUPED_CONV2D}: x [${x.shape}] and filter [${filter.shape}] with pad ${JSON.stringify(pad)}, strides ${JSON.stringify(strides)}: ${problem}`);
  }
  if (info.batchSize * info.outHeight * info.outWidth * info.outChannels === 0) return backend.float32Result(info.outShape, new Float32Array(0));
  const epilogue = fusedEpilogue(backend, outChannels, 4, activation, leakyreluAlpha, bias, undefined);
  if (epilogue === undefined || activation === 'prelu') {
    throw new Error(`${GROUPED_CONV2D}: bias must be float32 with one value per output channel (or one), and activation one without weights, got activation '${activation}'`);
  }
  if (!finiteValues(backend, filter)) return groupedOnCpu(backend, x, filter, bias, args.attrs as unknown as GroupedConv2DAttrs);
  const packed = packedCache.get(backend, filter, kh * kw * perGroup, outChannels, () =>
    packGroupedConv2DFilter(backend.kernels, float32Array(backend, filter), info, groups),
  );
  return backend.float32Result(info.outShape, groupedConv2d(backend.kernels, float32Array(backend, x), packed, info, epilogue));
};

export const foveaGroupedConv2DConfig: KernelConfig = {
  kernelName: GROUPED_CONV2D,
  backendName: BACKEND_NAME,
  kernelFunc: groupedConv2DKernel,
};
