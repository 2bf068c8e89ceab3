// FCN-32s, FCN-16s and FCN-8s (Long, Shelhamer & Darrell 2015) on VGG16 or ResNet-50 from
// @foveajs/models: 1×1 score layers on the deepest features and on pool4 / pool3, fused by
// addition after learnt 2× upsamplings, the last upsampling ×32 / ×16 / ×8; every upsampling is a
// Conv2DTranspose initialised to bilinear interpolation (FCN's upsample_filt).

import { Conv2D } from '@foveajs/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  apply,
  BACKBONES,
  type BuiltSegmentationModel,
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

/**
 * FCN's bilinear kernel for upsampling by `factor`: size 2·factor − factor % 2, weights
 * (1 − |i − c| / f)(1 − |j − c| / f) around the centre c = f − 1 (odd sizes) or f − 0.5 (even).
 * Returned as a Conv2DTranspose kernel [size, size, channels, channels] that upsamples each
 * channel on its own (zero between channels).
 */
export function bilinearKernel(factor: number, channels: number): tf.Tensor4D {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`bilinearKernel: factor must be a positive integer, got ${factor}`);
  const size = 2 * factor - (factor % 2);
  const centre = size % 2 === 1 ? factor - 1 : factor - 0.5;
  const values = new Float32Array(size * size * channels * channels);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const weight = (1 - Math.abs(i - centre) / factor) * (1 - Math.abs(j - centre) / factor);
      for (let c = 0; c < channels; c++) values[((i * size + j) * channels + c) * channels + c] = weight;
    }
  }
  return tf.tensor4d(values, [size, size, channels, channels]);
}

/**
 * A Conv2DTranspose upsampling by `factor` (kernel 2f − f % 2, stride f, 'same' padding, no bias),
 * its kernel set to bilinearKernel after the layer is built (`initialize`). With 'same' padding
 * the output is exactly f times the input, and away from the border (f/2 pixels) it equals
 * tf.image.resizeBilinear(x, size, alignCorners = false, halfPixelCenters = true); at the border
 * the transposed conv reads zeros where resizeBilinear repeats the edge.
 */
export function bilinearUpsampling(x: tfl.SymbolicTensor, factor: number, name: string): { y: tfl.SymbolicTensor; initialize: () => void } {
  const channels = x.shape[3]!;
  const layer = tfl.layers.conv2dTranspose({
    filters: channels,
    kernelSize: 2 * factor - (factor % 2),
    strides: factor,
    padding: 'same',
    useBias: false,
    kernelInitializer: 'zeros',
    name,
  });
  const y = apply(layer, x);
  const initialize = () => {
    const kernel = bilinearKernel(factor, channels);
    layer.setWeights([kernel]);
    kernel.dispose();
  };
  return { y, initialize };
}

export type FCNVariant = '32s' | '16s' | '8s';

export interface FCNOptions extends SegmentationOptions {
  /** 'vgg16' (default, the paper's) or 'resnet50'. */
  backbone?: 'vgg16' | 'resnet50';
  /** VGG16's fc6 (7×7) and fc7 (1×1) as convolutions: their filters. Default 4096 (the paper's). */
  fcFilters?: number;
  /** Dropout after fc6 and fc7. Default 0.5. */
  dropout?: number;
}

function fcn<O extends FCNOptions>(variant: FCNVariant, options: O): BuiltSegmentationModel<O> {
  const modelName = `FCN${variant}`;
  const opts = resolveSegmentationOptions(modelName, options);
  const backboneName = checkChoice(modelName, 'backbone', options.backbone ?? 'vgg16', ['vgg16', 'resnet50'] as const);
  const fcFilters = options.fcFilters ?? 4096;
  if (!Number.isInteger(fcFilters) || fcFilters < 1) throw new SegmentationArgumentError(modelName, 'fcFilters', fcFilters, 'a positive integer');
  const dropout = options.dropout ?? 0.5;
  const spec = BACKBONES[backboneName];
  const inputs = segmentationInput(opts, spec.preprocess, 32);
  const { backbone, loading } = buildBackbone(modelName, inputs.padded, { backbone: backboneName, weights: opts.backboneWeights });

  let deep = featureOf(backbone, spec.features[32]!);
  if (backboneName === 'vgg16') {
    // fc6 / fc7 of VGG16's classifier, convolutionalized ('same' padding, so no 100-pixel pad and crop).
    deep = apply(new Conv2D({ filters: fcFilters, kernelSize: 7, padding: 'same', activation: 'relu', name: 'fc6' }), deep);
    if (dropout > 0) deep = apply(tfl.layers.dropout({ rate: dropout, name: 'drop6' }), deep);
    deep = apply(new Conv2D({ filters: fcFilters, kernelSize: 1, activation: 'relu', name: 'fc7' }), deep);
    if (dropout > 0) deep = apply(tfl.layers.dropout({ rate: dropout, name: 'drop7' }), deep);
  }
  // FCN initialises its score layers to zero: training starts from the bilinear upsampling of nothing.
  let score = classifier(deep, opts.classes, 'score_fr', 'zeros');
  const initializers: (() => void)[] = [];
  const upsample = (x: tfl.SymbolicTensor, factor: number, name: string) => {
    const { y, initialize } = bilinearUpsampling(x, factor, name);
    initializers.push(initialize);
    return y;
  };
  let stride = 32;
  if (variant !== '32s') {
    score = upsample(score, 2, 'upscore2');
    const pool4 = classifier(featureOf(backbone, spec.features[16]!), opts.classes, 'score_pool4', 'zeros');
    score = apply(tfl.layers.add({ name: 'fuse_pool4' }), [score, pool4]);
    stride = 16;
  }
  if (variant === '8s') {
    score = upsample(score, 2, 'upscore_pool4');
    const pool3 = classifier(featureOf(backbone, spec.features[8]!), opts.classes, 'score_pool3', 'zeros');
    score = apply(tfl.layers.add({ name: 'fuse_pool3' }), [score, pool3]);
    stride = 8;
  }
  score = upsample(score, stride, stride === 32 ? 'upscore' : `upscore${stride}`);
  const output = segmentationOutput(score, inputs, opts);
  const model = tfl.model({ inputs: inputs.input, outputs: output, name: `fcn${variant}_${backboneName}` });
  for (const initialize of initializers) initialize();
  return finishSegmentation<O>(model, opts, modelName, loading);
}


/** FCN-32s: the deepest features' scores upsampled ×32. */
export function FCN32s<O extends FCNOptions = NoWeights>(options: O = {} as O): BuiltSegmentationModel<O> {
  return fcn('32s', options);
}

/** FCN-16s: ×2, plus pool4's scores (stride 16), then ×16. */
export function FCN16s<O extends FCNOptions = NoWeights>(options: O = {} as O): BuiltSegmentationModel<O> {
  return fcn('16s', options);
}

/** FCN-8s: as FCN-16s, ×2 again plus pool3's scores (stride 8), then ×8. */
export function FCN8s<O extends FCNOptions = NoWeights>(options: O = {} as O): BuiltSegmentationModel<O> {
  return fcn('8s', options);
}
