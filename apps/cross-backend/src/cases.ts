import { EfficientNetB0, LeNet5, listModels, MobileNet, MobileNetV2, ResNet18 } from '@foveajs/models';
import * as tfl from '@tensorflow/tfjs-layers';
import type { CrossBackendCase } from './runnable.js';

// Small tfjs-layers stacks covering the kernels Fovea's models are made of, then Fovea's zoo at
// reduced size. A model or a task head joins the comparison with one line in the table below.

function convBnPoolDense(inputShape: number[]) {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }),
      tfl.layers.batchNormalization(),
      tfl.layers.activation({ activation: 'elu' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

function leNetLike(inputShape: number[]) {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 6, kernelSize: 5, activation: 'tanh' }),
      tfl.layers.averagePooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'tanh' }),
      tfl.layers.averagePooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 32, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
}

/** MobileNetV2's inverted residual: expand 1x1, depthwise 3x3, relu6, project 1x1, add. */
function invertedResidual(inputShape: number[]) {
  const input = tfl.input({ shape: inputShape });
  const stem = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(input) as tfl.SymbolicTensor;
  let h = tfl.layers.batchNormalization().apply(stem) as tfl.SymbolicTensor;
  h = tfl.layers.reLU({ maxValue: 6 }).apply(h) as tfl.SymbolicTensor;
  let branch = tfl.layers.conv2d({ filters: 24, kernelSize: 1, useBias: false }).apply(h) as tfl.SymbolicTensor;
  branch = tfl.layers.reLU({ maxValue: 6 }).apply(branch) as tfl.SymbolicTensor;
  branch = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false }).apply(branch) as tfl.SymbolicTensor;
  branch = tfl.layers.batchNormalization().apply(branch) as tfl.SymbolicTensor;
  branch = tfl.layers.reLU({ maxValue: 6 }).apply(branch) as tfl.SymbolicTensor;
  branch = tfl.layers.conv2d({ filters: 8, kernelSize: 1, useBias: false }).apply(branch) as tfl.SymbolicTensor;
  h = tfl.layers.add().apply([h, branch]) as tfl.SymbolicTensor;
  h = tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'valid' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: 5 }).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/** ResNet's basic block with a projection shortcut, then separable conv and max pooling. */
function residualBlock(inputShape: number[]) {
  const input = tfl.input({ shape: inputShape });
  let h = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  let main = tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(h) as tfl.SymbolicTensor;
  main = tfl.layers.batchNormalization().apply(main) as tfl.SymbolicTensor;
  main = tfl.layers.activation({ activation: 'relu' }).apply(main) as tfl.SymbolicTensor;
  main = tfl.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', useBias: false }).apply(main) as tfl.SymbolicTensor;
  main = tfl.layers.batchNormalization().apply(main) as tfl.SymbolicTensor;
  const shortcut = tfl.layers.conv2d({ filters: 16, kernelSize: 1, strides: 2, useBias: false }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.add().apply([main, shortcut]) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.separableConv2d({ filters: 12, kernelSize: 3, padding: 'same', activation: 'sigmoid' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: 4, activation: 'softmax' }).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

/**
 * Zoo models are compared on their logits: with random weights a deep net's softmax saturates to
 * a one-hot vector that every backend reproduces, hiding any difference before it.
 */
const LOGITS = { classes: 10, classifierActivation: null };

/** SwiftShader runs a 3x3 conv with 512 channels in ~3 s: wide models stay out of webgpu in `npm test`. */
const WIDE_ON_SWIFTSHADER = 'wide 256/512-channel convs take seconds each on SwiftShader; FOVEA_CROSS_BACKEND=zoo runs it';

/** The comparison table: one line per model or head, run by `npm test`. */
export const CROSS_BACKEND_CASES: CrossBackendCase[] = [
  { name: 'conv-bn-pool-dense', inputShape: [16, 16, 3], batch: 2, build: () => convBnPoolDense([16, 16, 3]) },
  { name: 'lenet-like', inputShape: [28, 28, 1], build: () => leNetLike([28, 28, 1]) },
  { name: 'inverted-residual', inputShape: [16, 16, 3], build: () => invertedResidual([16, 16, 3]) },
  { name: 'residual-block', inputShape: [12, 12, 3], build: () => residualBlock([12, 12, 3]) },
  { name: 'LeNet5', inputShape: [32, 32, 1], build: () => LeNet5({ inputShape: [32, 32, 1], ...LOGITS }) },
  { name: 'MobileNet a0.25', inputShape: [32, 32, 3], build: () => MobileNet({ inputShape: [32, 32, 3], alpha: 0.25, ...LOGITS }) },
  { name: 'MobileNetV2 a0.35', inputShape: [32, 32, 3], build: () => MobileNetV2({ inputShape: [32, 32, 3], alpha: 0.35, ...LOGITS }) },
  { name: 'ResNet18', inputShape: [32, 32, 3], build: () => ResNet18({ inputShape: [32, 32, 3], ...LOGITS }), skip: { webgpu: WIDE_ON_SWIFTSHADER } },
  { name: 'EfficientNetB0', inputShape: [32, 32, 3], build: () => EfficientNetB0({ inputShape: [32, 32, 3], ...LOGITS }), skip: { webgpu: WIDE_ON_SWIFTSHADER } },
];

/**
 * Every model of the zoo at its smallest input, on every backend: FOVEA_CROSS_BACKEND=zoo adds
 * these (tens of minutes on SwiftShader, for a nightly run or a machine with a GPU).
 */
export function zooCases(): CrossBackendCase[] {
  return listModels().map((info) => {
    const inputShape = [info.minSize, info.minSize, info.channels];
    return { name: `zoo ${info.name}`, inputShape, build: () => info.build({ inputShape, ...LOGITS }) };
  });
}
