// ResNet-50/101/152 (He et al. 2015, v1), layer for layer as keras.applications.resnet.
import { bottleneckStack, bottleneckUnit } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BuiltModel,
  call,
  dilatedStages,
  finish,
  globalHead,
  type ModelOptions,
  type NoWeights,
  modelInput,
  type OutputStride,
  resolveOptions,
} from './common.js';

export interface ResNetOptions extends ModelOptions {
  /**
   * 32 (default, the classifier's), or 16 / 8: the strides of conv5 (and conv4) are replaced by
   * dilation, as DeepLab's backbone (torchvision's replace_stride_with_dilation). Same weights.
   */
  outputStride?: OutputStride;
}

/** Keras ResNet's BatchNormalization: epsilon 1.001e-5 (kept from the Caffe weights' conversion). */
export function resnetBn(name: string): tfl.layers.Layer {
  return tfl.layers.batchNormalization({ axis: 3, epsilon: 1.001e-5, name });
}

/**
 * The kernel initializer of every conv here: tfjs's Conv2D default, which these builders have
 * always drawn random weights from (Keras's is glorotUniform; pretrained weights replace either).
 */
const KERNEL_INITIALIZER = 'glorotNormal';

/** Keras's resnet.block1 with its positional arguments: @foveajs/layers' bottleneckUnit. */
export function block1(x: tfl.SymbolicTensor, filters: number, stride: number, convShortcut: boolean, name: string): tfl.SymbolicTensor {
  return bottleneckUnit(x, { filters, strides: stride, convShortcut, kernelInitializer: KERNEL_INITIALIZER, name });
}

/** The ResNet stem Keras uses: 7x7/2 conv (with bias), BN, ReLU, 3x3/2 max pool. */
export function resnetStem(image: tfl.SymbolicTensor, useBias: boolean): tfl.SymbolicTensor {
  let x = call(tfl.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'conv1_pad' }), image);
  x = call(tfl.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2, useBias, name: 'conv1_conv' }), x);
  x = call(resnetBn('conv1_bn'), x);
  x = call(tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }), x);
  x = call(tfl.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pool1_pad' }), x);
  return call(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
}

function resnet<O extends ResNetOptions>(modelName: string, kerasName: string, blocks: [number, number, number, number], options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  // conv3..conv5 halve the resolution after the stem's 4; an output stride of 16 or 8 dilates instead.
  const stages = dilatedStages(modelName, options.outputStride ?? 32, [2, 2, 2], 4);
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  let x = resnetStem(input.image, true);
  // Keras's stack1 calls: conv2 keeps the resolution (the stem's max pool already halved it).
  x = bottleneckStack(x, { filters: 64, blocks: blocks[0], strides: 1, kernelInitializer: KERNEL_INITIALIZER, name: 'conv2' });
  [128, 256, 512].forEach((filters, i) => {
    const { stride, firstRate, rate } = stages[i]!;
    x = bottleneckStack(x, {
      filters,
      blocks: blocks[i + 1]!,
      strides: stride,
      firstDilationRate: firstRate,
      dilationRate: rate,
      kernelInitializer: KERNEL_INITIALIZER,
      name: `conv${i + 3}`,
    });
  });
  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

/** ResNet-50 (25,636,712 parameters). */
export function ResNet50<O extends ResNetOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return resnet('ResNet50', 'resnet50', [3, 4, 6, 3], options);
}

/** ResNet-101 (44,707,176 parameters). */
export function ResNet101<O extends ResNetOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return resnet('ResNet101', 'resnet101', [3, 4, 23, 3], options);
}

/** ResNet-152 (60,419,944 parameters). */
export function ResNet152<O extends ResNetOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return resnet('ResNet152', 'resnet152', [3, 8, 36, 3], options);
}
