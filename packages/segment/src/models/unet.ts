// U-Net (Ronneberger, Fischer & Brox 2015): a contracting path of two 3×3 convs and a 2×2 max
// pool per level, an expanding path of 2×2 up-convolutions whose outputs are concatenated with the
// contracting path's features of the same resolution, then two 3×3 convs; a 1×1 conv gives the
// logits. 'same' padding instead of the paper's 'valid' + crops, so the output has the input's size.
// Optionally on a zoo encoder (VGG16, ResNet-50, MobileNetV2) whose features are the skips.

import { Conv2D } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  apply,
  BACKBONES,
  type BuiltSegmentationModel,
  batchNorm as batchNormLayer,
  buildBackbone,
  checkChoice,
  classifier,
  featureOf,
  finishSegmentation,
  type NoWeights,
  resolveSegmentationOptions,
  SegmentationArgumentError,
  type SegmentationOptions,
  segmentationInput,
  segmentationOutput,
} from './common.js';

export interface UNetOptions extends SegmentationOptions {
  /** Filters of the first level; level l has filters·2^l, the bottleneck filters·2^depth. Default 64. */
  filters?: number;
  /** Poolings (levels) of the contracting path: the output stride is 2^depth. Default 4. */
  depth?: number;
  /** BatchNormalization after every 3×3 conv (not in the paper). Default false. */
  batchNorm?: boolean;
  /** Dropout at the end of the contracting path (the paper uses 0.5). Default 0. */
  dropout?: number;
  /** A zoo encoder instead of the paper's: 'vgg16', 'resnet50' or 'mobilenetv2'; null (default): the paper's. */
  encoder?: 'vgg16' | 'resnet50' | 'mobilenetv2' | null;
  /** MobileNetV2's width multiplier (encoder 'mobilenetv2'). Default 1. */
  alpha?: number;
  /** With an encoder: the decoder's filters from stride 16 up to stride 1. Default [256, 128, 64, 32, 16]. */
  decoderFilters?: number[];
}

/** The zoo encoders' skip layers by stride (TensorFlow's U-Net tutorial's for MobileNetV2), deepest last. */
const ENCODER_SKIPS: Record<'vgg16' | 'resnet50' | 'mobilenetv2', Record<number, string>> = {
  vgg16: { 1: 'block1_conv2', 2: 'block2_conv2', 4: 'block3_conv3', 8: 'block4_conv3', 16: 'block5_conv3', 32: 'block5_pool' },
  resnet50: { 2: 'conv1_relu', 4: 'conv2_block3_out', 8: 'conv3_block4_out', 16: 'conv4_block6_out', 32: 'conv5_block3_out' },
  mobilenetv2: { 2: 'block_1_expand_relu', 4: 'block_3_expand_relu', 8: 'block_6_expand_relu', 16: 'block_13_expand_relu', 32: 'block_16_project' },
};

function doubleConv(x: tfl.SymbolicTensor, filters: number, name: string, batchNorm: boolean): tfl.SymbolicTensor {
  let y = x;
  for (const i of [1, 2]) {
    y = apply(new Conv2D({ filters, kernelSize: 3, padding: 'same', useBias: !batchNorm, kernelInitializer: 'heNormal', name: `${name}_conv${i}` }), y);
    if (batchNorm) y = apply(batchNormLayer(`${name}_conv${i}_BN`), y);
    y = apply(tfl.layers.activation({ activation: 'relu', name: `${name}_conv${i}_relu` }), y);
  }
  return y;
}

/** A 2×2 up-convolution, then the skip concatenated (when there is one), then two 3×3 convs. */
function decoderLevel(x: tfl.SymbolicTensor, skip: tfl.SymbolicTensor | undefined, filters: number, name: string, batchNorm: boolean): tfl.SymbolicTensor {
  let y = apply(tfl.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', kernelInitializer: 'heNormal', name: `${name}_upconv` }), x);
  if (skip !== undefined) y = apply(tfl.layers.concatenate({ axis: 3, name: `${name}_concat` }), [skip, y]);
  return doubleConv(y, filters, name, batchNorm);
}

/**
 * U-Net. Without an encoder: the paper's network (depth 4: 64..1024 filters, output stride 16).
 * With `encoder`: the zoo model's features at strides 1 (VGG16 only), 2, 4, 8 and 16 are the
 * skips and its stride-32 features the bottleneck; the decoder has `decoderFilters` (output stride 32).
 */
export function UNet<O extends UNetOptions = NoWeights>(options: O = {} as O): BuiltSegmentationModel<O> {
  const modelName = 'UNet';
  const opts = resolveSegmentationOptions(modelName, options);
  const batchNorm = options.batchNorm ?? false;
  const dropout = options.dropout ?? 0;
  if (!(dropout >= 0 && dropout < 1)) throw new SegmentationArgumentError(modelName, 'dropout', dropout, 'a number in [0, 1)');
  const encoder = checkChoice(modelName, 'encoder', options.encoder ?? null, [null, 'vgg16', 'resnet50', 'mobilenetv2'] as const);
  if (encoder === null) {
    const filters = options.filters ?? 64;
    const depth = options.depth ?? 4;
    if (!Number.isInteger(filters) || filters < 1) throw new SegmentationArgumentError(modelName, 'filters', filters, 'a positive integer');
    if (!Number.isInteger(depth) || depth < 1 || depth > 6) throw new SegmentationArgumentError(modelName, 'depth', depth, 'an integer in 1..6');
    if (opts.backboneWeights !== null) throw new SegmentationArgumentError(modelName, 'backboneWeights', opts.backboneWeights, "null without an encoder (the paper's U-Net has no pretrained backbone)");
    // The paper's network sees the image scaled to 0..1.
    const inputs = segmentationInput(opts, 'none', 2 ** depth);
    let x = apply(tfl.layers.rescaling({ scale: 1 / 255, name: 'rescale' }), inputs.padded);
    const skips: tfl.SymbolicTensor[] = [];
    for (let level = 0; level < depth; level++) {
      x = doubleConv(x, filters * 2 ** level, `encoder${level + 1}`, batchNorm);
      skips.push(x);
      x = apply(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `encoder${level + 1}_pool` }), x);
    }
    x = doubleConv(x, filters * 2 ** depth, 'bottleneck', batchNorm);
    if (dropout > 0) x = apply(tfl.layers.dropout({ rate: dropout, name: 'bottleneck_dropout' }), x);
    for (let level = depth - 1; level >= 0; level--) {
      x = decoderLevel(x, skips[level], filters * 2 ** level, `decoder${level + 1}`, batchNorm);
    }
    const output = segmentationOutput(classifier(x, opts.classes, 'logits'), inputs, opts);
    return finishSegmentation<O>(tfl.model({ inputs: inputs.input, outputs: output, name: 'unet' }), opts, modelName);
  }
  const decoderFilters = options.decoderFilters ?? [256, 128, 64, 32, 16];
  if (!Array.isArray(decoderFilters) || decoderFilters.length !== 5 || !decoderFilters.every((f) => Number.isInteger(f) && f >= 1)) {
    throw new SegmentationArgumentError(modelName, 'decoderFilters', decoderFilters, 'five positive integers (strides 16, 8, 4, 2, 1)');
  }
  const inputs = segmentationInput(opts, BACKBONES[encoder].preprocess, 32);
  const { backbone, loading } = buildBackbone(modelName, inputs.padded, { backbone: encoder, alpha: options.alpha, weights: opts.backboneWeights });
  const skips = ENCODER_SKIPS[encoder];
  let x = featureOf(backbone, skips[32]!);
  if (dropout > 0) x = apply(tfl.layers.dropout({ rate: dropout, name: 'bottleneck_dropout' }), x);
  [16, 8, 4, 2, 1].forEach((stride, i) => {
    const skip = skips[stride] === undefined ? undefined : featureOf(backbone, skips[stride]!);
    x = decoderLevel(x, skip, decoderFilters[i]!, `decoder_stride${stride}`, batchNorm);
  });
  const output = segmentationOutput(classifier(x, opts.classes, 'logits'), inputs, opts);
  return finishSegmentation<O>(tfl.model({ inputs: inputs.input, outputs: output, name: `unet_${encoder}` }), opts, modelName, loading);
}
