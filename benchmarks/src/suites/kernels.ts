// Single-kernel throughput on the layer shapes of common CNNs (the textbook 5×5 conv, ResNet,
// ResNeXt, MobileNetV2, EfficientNet, Dense layers), forward and the backward kernels training runs.
import { GROUPED_CONV2D } from '@foveajs/backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { BenchCase, Suite } from '../runner.js';
import { seededValues } from '../seeded.js';

type Shape4 = [number, number, number, number];

/**
 * A Conv2D case. GFLOP/s always count the direct convolution's multiply-adds, also where fovea-wasm
 * computes the layer by Winograd with fewer. `winograd: false` switches fovea-wasm's Winograd off
 * for the case (the other backends have none), to show its direct GEMM on the same layer.
 */
function conv(
  id: string,
  description: string,
  x: Shape4,
  filter: Shape4,
  stride: number,
  pad: 'same' | 'valid',
  { winograd = true }: { winograd?: boolean } = {},
): BenchCase {
  const outH = pad === 'same' ? Math.ceil(x[1] / stride) : Math.floor((x[1] - filter[0]) / stride) + 1;
  const outW = pad === 'same' ? Math.ceil(x[2] / stride) : Math.floor((x[2] - filter[1]) / stride) + 1;
  return {
    id,
    description,
    flops: 2 * x[0] * outH * outW * filter[3] * filter[0] * filter[1] * filter[2],
    prepare() {
      const backend = tf.backend() as { winograd?: boolean };
      const xs = tf.tensor4d(seededValues(x.reduce((a, b) => a * b), 1), x);
      const fs = tf.tensor4d(seededValues(filter.reduce((a, b) => a * b), 2), filter);
      const convolve = () => tf.conv2d(xs, fs, stride, pad);
      // Set per run: fovea-wasm's 1-thread and all-threads columns share one backend object.
      const run =
        backend.winograd === undefined || winograd
          ? convolve
          : () => {
              const setting = backend.winograd;
              backend.winograd = false;
              try {
                return convolve();
              } finally {
                backend.winograd = setting;
              }
            };
      return { run, dispose: () => tf.dispose([xs, fs]) };
    },
  };
}

function depthwise(id: string, description: string, x: Shape4, k: number, stride: number): BenchCase {
  const out = Math.ceil(x[1] / stride);
  return {
    id,
    description,
    flops: 2 * x[0] * out * out * x[3] * k * k,
    prepare() {
      const xs = tf.tensor4d(seededValues(x.reduce((a, b) => a * b), 3), x);
      const fs = tf.tensor4d(seededValues(k * k * x[3], 4), [k, k, x[3], 1]);
      return { run: () => tf.depthwiseConv2d(xs, fs, stride, 'same'), dispose: () => tf.dispose([xs, fs]) };
    },
  };
}

/**
 * ResNeXt-50's grouped 3×3 conv (stage 2: 28×28×256, 32 groups of 8 channels). fovea-wasm runs its
 * grouped kernel; the other backends have none and run what @foveajs/layers does there: split,
 * convolve each group, concatenate.
 */
function groupedConv(): BenchCase {
  const groups = 32;
  const x: Shape4 = [1, 28, 28, 256];
  const filter: Shape4 = [3, 3, 256 / groups, 256];
  return {
    id: 'grouped3x3',
    description: 'Grouped Conv2D 3×3 28×28×256→256, 32 groups, same (ResNeXt-50; split + conv + concat where no grouped kernel)',
    flops: 2 * 28 * 28 * 256 * 9 * (256 / groups),
    prepare() {
      const xs = tf.tensor4d(seededValues(x.reduce((a, b) => a * b), 1), x);
      const fs = tf.tensor4d(seededValues(filter.reduce((a, b) => a * b), 2), filter);
      const grouped = tf.getKernel(GROUPED_CONV2D, tf.getBackend()) !== undefined;
      const run = grouped
        ? () => tf.engine().runKernel(GROUPED_CONV2D, { x: xs, filter: fs }, { strides: 1, pad: 'same', groups }) as tf.Tensor
        : () =>
            tf.tidy(() => {
              const parts = tf.split(fs, groups, 3) as tf.Tensor4D[];
              return tf.concat((tf.split(xs, groups, 3) as tf.Tensor4D[]).map((xg, g) => tf.conv2d(xg, parts[g]!, 1, 'same')), 3);
            });
      return { run, dispose: () => tf.dispose([xs, fs]) };
    },
  };
}

/** The 3×3 56×56×64→64 'same' conv's two gradients, as tfjs's conv2d gradient calls them. */
function convBackprop(kernel: 'Conv2DBackpropFilter' | 'Conv2DBackpropInput'): BenchCase {
  const x: Shape4 = [1, 56, 56, 64];
  const filter: Shape4 = [3, 3, 64, 64];
  const dyShape: Shape4 = [1, 56, 56, 64];
  const conv = { strides: 1, pad: 'same', dataFormat: 'NHWC' } as const;
  const isFilter = kernel === 'Conv2DBackpropFilter';
  return {
    id: isFilter ? 'conv-grad-filter3x3' : 'conv-grad-input3x3',
    description: `${kernel} 3×3 56×56×64→64, same (training)`,
    // Each gradient is one GEMM as large as the forward conv's.
    flops: 2 * 56 * 56 * 64 * 3 * 3 * 64,
    prepare() {
      const dy = tf.tensor4d(seededValues(dyShape.reduce((a, b) => a * b), 6), dyShape);
      const other = isFilter ? tf.tensor4d(seededValues(x.reduce((a, b) => a * b), 1), x) : tf.tensor4d(seededValues(filter.reduce((a, b) => a * b), 2), filter);
      // No public op runs these kernels alone (conv2d's gradient does): call them by name.
      const run = isFilter
        ? () => tf.engine().runKernel(kernel, { x: other, dy }, { ...conv, filterShape: filter }) as tf.Tensor
        : () => tf.engine().runKernel(kernel, { dy, filter: other }, { ...conv, inputShape: x }) as tf.Tensor;
      return { run, dispose: () => tf.dispose([dy, other]) };
    },
  };
}

/** A Dense layer's product: [M, K] · [K, N] (MatMul / BatchMatMul), 2·M·K·N FLOPs. */
function matMul(id: string, description: string, M: number, K: number, N: number): BenchCase {
  return {
    id,
    description,
    flops: 2 * M * K * N,
    prepare() {
      const a = tf.tensor2d(seededValues(M * K, 8), [M, K]);
      const b = tf.tensor2d(seededValues(K * N, 9), [K, N]);
      return { run: () => tf.matMul(a, b), dispose: () => tf.dispose([a, b]) };
    },
  };
}

/** The depthwise 3×3 112×112×32 'same' layer's two gradients, as tfjs's depthwiseConv2d gradient calls them. */
function depthwiseBackprop(kernel: 'DepthwiseConv2dNativeBackpropFilter' | 'DepthwiseConv2dNativeBackpropInput'): BenchCase {
  const x: Shape4 = [1, 112, 112, 32];
  const filter: Shape4 = [3, 3, 32, 1];
  const isFilter = kernel === 'DepthwiseConv2dNativeBackpropFilter';
  const attrs = { strides: 1, pad: 'same', dilations: 1 } as const;
  return {
    id: isFilter ? 'depthwise-grad-filter3x3' : 'depthwise-grad-input3x3',
    description: `${kernel} 3×3 112×112×32, same (training)`,
    // Each gradient has the forward layer's multiply-adds.
    flops: 2 * 112 * 112 * 32 * 9,
    prepare() {
      const dy = tf.tensor4d(seededValues(x.reduce((a, b) => a * b), 6), x);
      const other = isFilter ? tf.tensor4d(seededValues(x.reduce((a, b) => a * b), 3), x) : tf.tensor4d(seededValues(9 * 32, 4), filter);
      const run = isFilter
        ? () => tf.engine().runKernel(kernel, { x: other, dy }, { ...attrs, filterShape: filter }) as tf.Tensor
        : () => tf.engine().runKernel(kernel, { dy, filter: other }, { ...attrs, inputShape: x }) as tf.Tensor;
      return { run, dispose: () => tf.dispose([dy, other]) };
    },
  };
}

/**
 * A data-movement case (Transpose, SplitV, GatherV2, TopK): `elements` is what the kernel reads
 * once, counted as one op each, so the GFLOP/s column reads as billions of elements per second.
 */
function layout(id: string, description: string, elements: number, prepare: () => { run: () => tf.Tensor; inputs: tf.Tensor[] }): BenchCase {
  return {
    id,
    description: `${description} (1 op per element)`,
    flops: elements,
    prepare() {
      const { run, inputs } = prepare();
      return { run, dispose: () => tf.dispose(inputs) };
    },
  };
}

/** Layout and indexing kernels on the shapes where real graph models (issue #25) spend their time. */
const layoutCases: BenchCase[] = [
  layout('gather-rows', 'GatherV2 1×8400×84 along axis 1, 8400 indices (YOLO-style candidates reordered)', 8400 * 84, () => {
    const x = tf.tensor3d(seededValues(8400 * 84, 11), [1, 8400, 84]);
    const indices = tf.tensor1d(Int32Array.from({ length: 8400 }, (_, i) => (i * 97) % 8400), 'int32');
    return { run: () => tf.gather(x, indices, 1), inputs: [x, indices] };
  }),
  layout('splitv', 'SplitV 1×80×80×128 into 64 + 64 channels (a CSP block\'s split, the gradient of its concat)', 80 * 80 * 128, () => {
    const x = tf.tensor4d(seededValues(80 * 80 * 128, 12), [1, 80, 80, 128]);
    // The runner reads back one tensor: the second part (tidy frees the first).
    return { run: () => tf.tidy(() => tf.split(x, [64, 64], 3)[1]!), inputs: [x] };
  }),
  layout('topk-heatmap', 'TopK k = 100 over a 1×128×128×80 heatmap (CenterNet\'s peak picking)', 128 * 128 * 80, () => {
    const x = tf.tensor2d(seededValues(128 * 128 * 80, 13), [1, 128 * 128 * 80]);
    // The runner reads back one tensor: the indices (tidy frees the values).
    return { run: () => tf.tidy(() => tf.topk(x, 100).indices), inputs: [x] };
  }),
  layout('transpose-nchw-nhwc', 'Transpose 1×64×104×104 NCHW → NHWC (NanoDet, converted from PyTorch)', 64 * 104 * 104, () => {
    const x = tf.tensor4d(seededValues(64 * 104 * 104, 14), [1, 64, 104, 104]);
    return { run: () => tf.transpose(x, [0, 2, 3, 1]), inputs: [x] };
  }),
  layout('transpose-nhwc-nchw', 'Transpose 1×104×104×64 NHWC → NCHW', 64 * 104 * 104, () => {
    const x = tf.tensor4d(seededValues(64 * 104 * 104, 15), [1, 104, 104, 64]);
    return { run: () => tf.transpose(x, [0, 3, 1, 2]), inputs: [x] };
  }),
];

export const kernelsSuite: Suite = {
  name: 'kernels',
  title: 'Kernel throughput (GFLOP/s; 1 thread, and all threads for fovea-wasm)',
  peakProbe: true,
  cases: [
    conv('conv5x5-textbook', 'Conv2D 1×150×100×3, 200 5×5 filters, same', [1, 150, 100, 3], [5, 5, 3, 200], 1, 'same'),
    conv('conv3x3', 'Conv2D 3×3 56×56×64→64, same (fovea-wasm: Winograd F(2×2, 3×3), 2.25× fewer multiply-adds; GFLOP/s of the direct conv)', [1, 56, 56, 64], [3, 3, 64, 64], 1, 'same'),
    conv('conv3x3-direct', "Conv2D 3×3 56×56×64→64, same, fovea-wasm's direct GEMM (Winograd off; the peers run the same call)", [1, 56, 56, 64], [3, 3, 64, 64], 1, 'same', { winograd: false }),
    conv('conv7x7s2-stem', 'Conv2D 7×7/2 224×224×3→64 (ResNet stem), same', [1, 224, 224, 3], [7, 7, 3, 64], 2, 'same'),
    conv('conv1x1', 'Conv2D 1×1 28×28×256→256', [1, 28, 28, 256], [1, 1, 256, 256], 1, 'valid'),
    depthwise('depthwise3x3', 'DepthwiseConv2D 3×3 112×112×32, same', [1, 112, 112, 32], 3, 1),
    depthwise('depthwise3x3s2', 'DepthwiseConv2D 3×3/2 112×112×96, same (MobileNetV2 / EfficientNet downsampling)', [1, 112, 112, 96], 3, 2),
    depthwise('depthwise5x5', 'DepthwiseConv2D 5×5 28×28×240, same (EfficientNetB0)', [1, 28, 28, 240], 5, 1),
    {
      id: 'maxpool3x3s2',
      description: 'MaxPool 3×3/2 112×112×64, same (1 op per window element)',
      flops: 56 * 56 * 64 * 9,
      prepare() {
        const xs = tf.tensor4d(seededValues(112 * 112 * 64, 5), [1, 112, 112, 64]);
        return { run: () => tf.maxPool(xs, 3, 2, 'same'), dispose: () => xs.dispose() };
      },
    },
    groupedConv(),
    matMul('matmul-dense128', 'MatMul 128×1024 · 1024×1024 (a Dense layer at batch 128)', 128, 1024, 1024),
    matMul('matmul-dense1', 'MatMul 1×1280 · 1280×1000 (MobileNetV2 / EfficientNet classifier at batch 1)', 1, 1280, 1000),
    convBackprop('Conv2DBackpropFilter'),
    convBackprop('Conv2DBackpropInput'),
    depthwiseBackprop('DepthwiseConv2dNativeBackpropFilter'),
    depthwiseBackprop('DepthwiseConv2dNativeBackpropInput'),
    {
      id: 'maxpool-grad3x3s2',
      description: 'MaxPoolGrad 3×3/2 112×112×64, same (training; 1 op per window element)',
      flops: 56 * 56 * 64 * 9,
      prepare() {
        const xs = tf.tensor4d(seededValues(112 * 112 * 64, 5), [1, 112, 112, 64]);
        const ys = tf.maxPool(xs, 3, 2, 'same');
        const dy = tf.tensor4d(seededValues(56 * 56 * 64, 7), [1, 56, 56, 64]);
        const attrs = { filterSize: 3, strides: 2, pad: 'same' } as const;
        return {
          run: () => tf.engine().runKernel('MaxPoolGrad', { dy, input: xs, output: ys }, attrs) as tf.Tensor,
          dispose: () => tf.dispose([xs, ys, dy]),
        };
      },
    },
    ...layoutCases,
  ],
};
