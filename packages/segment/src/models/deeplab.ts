// DeepLabV3 (Chen et al. 2017, "Rethinking atrous convolution") and its V3+ decoder (Chen et al.
// 2018), on a dilated ResNet-50 or MobileNetV2 from @foveajs/models (their outputStride option:
// the last strides replaced by dilation, the same layers and weights), and LR-ASPP, the light head
// of "Searching for MobileNetV3" as torchvision ships it, on MobileNetV2.

import { GlobalAveragePooling2D } from '@foveajs/layers';
import type { OutputStride } from '@foveajs/models';
import * as tfl from '@tensorflow/tfjs-layers';
import { ResizeLike } from '../layers.js';
import {
  apply,
  BACKBONES,
  type BuiltSegmentationModel,
  buildBackbone,
  checkChoice,
  classifier,
  convBnRelu,
  featureOf,
  finishSegmentation,
  type NoWeights,
  resolveSegmentationOptions,
  SegmentationArgumentError,
  type SegmentationOptions,
  segmentationInput,
  segmentationOutput,
} from './common.js';

export interface AsppOptions {
  /** The three 3×3 atrous branches' rates. */
  rates: [number, number, number];
  /** Filters of every branch and of the projection. Default 256. */
  filters?: number;
  /** Dropout after the projection (torchvision's 0.5 for DeepLabV3; 0.1 in TF's). Default 0.1. */
  dropout?: number;
  /** Layer names start with this. Default 'aspp'. */
  name?: string;
}

/**
 * Atrous spatial pyramid pooling: a 1×1 conv, three 3×3 convs at `rates`, and image pooling
 * (global average → 1×1 conv → upsampled to the map), each with BatchNormalization and ReLU,
 * concatenated and projected by a 1×1 conv (+ BN, ReLU, dropout). Branches are named
 * `${name}0` (1×1), `${name}1..3` (atrous), `${name}_pooling_conv`, then `${name}_projection`.
 */
export function aspp(x: tfl.SymbolicTensor, options: AsppOptions): tfl.SymbolicTensor {
  const { rates, filters = 256, dropout = 0.1, name = 'aspp' } = options;
  if (!Array.isArray(rates) || rates.length !== 3 || !rates.every((r) => Number.isInteger(r) && r >= 1)) {
    throw new SegmentationArgumentError('aspp', 'rates', rates, 'three positive integers');
  }
  const branches = [convBnRelu(x, filters, 1, `${name}0`), ...rates.map((rate, i) => convBnRelu(x, filters, 3, `${name}${i + 1}`, { dilationRate: rate }))];
  let pooled = apply(new GlobalAveragePooling2D({ keepdims: true, name: `${name}_pooling` }), x);
  pooled = convBnRelu(pooled, filters, 1, `${name}_pooling_conv`);
  branches.push(apply(new ResizeLike({ name: `${name}_pooling_upsample` }), [pooled, x]));
  let y = apply(tfl.layers.concatenate({ axis: 3, name: `${name}_concat` }), branches);
  y = convBnRelu(y, filters, 1, `${name}_projection`);
  if (dropout > 0) y = apply(tfl.layers.dropout({ rate: dropout, name: `${name}_dropout` }), y);
  return y;
}

/** DeepLab's rates: 6, 12, 18 at output stride 16, doubled at 8. */
export function defaultAtrousRates(outputStride: 8 | 16): [number, number, number] {
  return outputStride === 16 ? [6, 12, 18] : [12, 24, 36];
}

export interface DeepLabV3Options extends SegmentationOptions {
  /** 'resnet50' (default) or 'mobilenetv2'. */
  backbone?: 'resnet50' | 'mobilenetv2';
  /** 16 (default) or 8: the backbone's last strides become dilation. */
  outputStride?: 8 | 16;
  /** ASPP's rates; default 6/12/18 at output stride 16, 12/24/36 at 8. */
  atrousRates?: [number, number, number];
  /** ASPP's and the head's filters. Default 256. */
  filters?: number;
  /** The DeepLabV3+ decoder: a 48-channel 1×1 projection of the stride-4 features, concatenated with ASPP's upsampled output, two 3×3 convs. Default false. */
  decoder?: boolean;
  /** Dropout after ASPP's projection. Default 0.1. */
  dropout?: number;
  /** MobileNetV2's width multiplier. Default 1. */
  alpha?: number;
}

/**
 * DeepLabV3 (decoder: false): backbone at output stride 16 or 8 → ASPP → 3×3 conv-BN-ReLU → 1×1
 * logits (torchvision's DeepLabHead), upsampled bilinearly to the input. DeepLabV3+ (decoder:
 * true): ASPP → upsampled to stride 4 → concatenated with the 48-channel projection of the
 * stride-4 features → two 3×3 conv-BN-ReLU → 1×1 logits → upsampled ×4. ResNet-50's features are
 * conv5_block3_out (high) and conv2_block3_out (low), MobileNetV2's block_16_project_BN (as TF's
 * DeepLab, before the 1280-wide conv) and block_2_add.
 */
export function DeepLabV3<O extends DeepLabV3Options = NoWeights>(
  options: O = {} as O,
): BuiltSegmentationModel<O> {
  const modelName = options.decoder ? 'DeepLabV3Plus' : 'DeepLabV3';
  const opts = resolveSegmentationOptions(modelName, options);
  const backboneName = checkChoice(modelName, 'backbone', options.backbone ?? 'resnet50', ['resnet50', 'mobilenetv2'] as const);
  const outputStride = checkChoice(modelName, 'outputStride', options.outputStride ?? 16, [8, 16] as const);
  const rates = options.atrousRates ?? defaultAtrousRates(outputStride);
  const filters = options.filters ?? 256;
  const spec = BACKBONES[backboneName];
  const inputs = segmentationInput(opts, spec.preprocess, outputStride);
  const { backbone, loading } = buildBackbone(modelName, inputs.padded, {
    backbone: backboneName,
    alpha: options.alpha,
    outputStride,
    weights: opts.backboneWeights,
  });
  const high = featureOf(backbone, backboneName === 'resnet50' ? 'conv5_block3_out' : 'block_16_project_BN');
  let x = aspp(high, { rates, filters, dropout: options.dropout ?? 0.1 });
  if (options.decoder) {
    const low = convBnRelu(featureOf(backbone, spec.features[4]!), 48, 1, 'decoder_low_level');
    x = apply(new ResizeLike({ name: 'decoder_upsample' }), [x, low]);
    x = apply(tfl.layers.concatenate({ axis: 3, name: 'decoder_concat' }), [x, low]);
    x = convBnRelu(x, filters, 3, 'decoder_conv1');
    x = convBnRelu(x, filters, 3, 'decoder_conv2');
  } else {
    x = convBnRelu(x, filters, 3, 'head_conv');
  }
  const logits = classifier(x, opts.classes, 'logits');
  const output = segmentationOutput(logits, inputs, opts);
  const name = `${modelName.toLowerCase()}_${backboneName}_os${outputStride}`;
  return finishSegmentation<O>(tfl.model({ inputs: inputs.input, outputs: output, name }), opts, modelName, loading);
}

export interface LRASPPOptions extends SegmentationOptions {
  /** 16 (default, as torchvision's dilated MobileNetV3), 8 or 32 (undilated). */
  outputStride?: OutputStride;
  /** MobileNetV2's width multiplier. Default 1. */
  alpha?: number;
  /** Channels of the 1×1 conv on the deep features and of its gate. Default 128. */
  interChannels?: number;
  /** Stride of the low-level features the second classifier reads: 8 (default, torchvision's), 4 or 2. */
  lowLevelStride?: 2 | 4 | 8;
}

/**
 * LR-ASPP (torchvision's LRASPPHead) on MobileNetV2: the deep features (out_relu) go through a 1×1
 * conv-BN-ReLU, gated by a sigmoid of their global average (a 1×1 conv), classified by a 1×1 conv
 * and upsampled to the low-level features (stride 8 by default), whose own 1×1 classifier is added;
 * the sum is upsampled to the input. (The classifier runs before the upsampling: a 1×1 conv and
 * bilinear interpolation commute, and it is cheaper at the lower resolution.)
 */
export function LRASPP<O extends LRASPPOptions = NoWeights>(options: O = {} as O): BuiltSegmentationModel<O> {
  const modelName = 'LRASPP';
  const opts = resolveSegmentationOptions(modelName, options);
  const outputStride = checkChoice(modelName, 'outputStride', options.outputStride ?? 16, [8, 16, 32] as const);
  const lowLevelStride = checkChoice(modelName, 'lowLevelStride', options.lowLevelStride ?? 8, [2, 4, 8] as const);
  const interChannels = options.interChannels ?? 128;
  if (!Number.isInteger(interChannels) || interChannels < 1) throw new SegmentationArgumentError(modelName, 'interChannels', interChannels, 'a positive integer');
  const spec = BACKBONES.mobilenetv2;
  const inputs = segmentationInput(opts, spec.preprocess, outputStride);
  const { backbone, loading } = buildBackbone(modelName, inputs.padded, {
    backbone: 'mobilenetv2',
    alpha: options.alpha,
    outputStride,
    weights: opts.backboneWeights,
  });
  const high = featureOf(backbone, 'out_relu');
  const low = featureOf(backbone, spec.features[lowLevelStride]!);
  const features = convBnRelu(high, interChannels, 1, 'lraspp_cbr');
  let gate = apply(new GlobalAveragePooling2D({ keepdims: true, name: 'lraspp_pool' }), high);
  gate = apply(tfl.layers.conv2d({ filters: interChannels, kernelSize: 1, useBias: false, activation: 'sigmoid', name: 'lraspp_scale' }), gate);
  const gated = apply(tfl.layers.multiply({ name: 'lraspp_gate' }), [features, gate]);
  let highLogits = classifier(gated, opts.classes, 'lraspp_high_classifier');
  highLogits = apply(new ResizeLike({ name: 'lraspp_upsample' }), [highLogits, low]);
  const lowLogits = classifier(low, opts.classes, 'lraspp_low_classifier');
  const logits = apply(tfl.layers.add({ name: 'lraspp_logits' }), [lowLogits, highLogits]);
  const output = segmentationOutput(logits, inputs, opts);
  return finishSegmentation<O>(tfl.model({ inputs: inputs.input, outputs: output, name: `lraspp_mobilenetv2_os${outputStride}` }), opts, modelName, loading);
}
