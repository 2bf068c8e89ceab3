// What every segmentation builder shares: the options and their checks, the input (RGB 0..255,
// any size) with the backbone's preprocessing and the padding to the output stride's multiple,
// the backbones taken from @foveajs/models' builders (dilated through their outputStride option),
// conv-BN-ReLU, and the end of the graph: logits resized to the padded input and cropped back.
import { Conv2D } from '@foveajs/layers';
import {
  type ActivationName,
  loadWeightsInto,
  MobileNetV2,
  type OutputStride,
  type PreprocessMode,
  ResNet50,
  VGG16,
} from '@foveajs/models';
import * as tfl from '@tensorflow/tfjs-layers';
import { CropLike, PadToMultiple, Preprocess, ResizeLike } from '../layers.js';

export type { OutputStride };

export class SegmentationArgumentError extends Error {
  constructor(model: string, argument: string, value: unknown, expected: string) {
    super(`${model}: ${argument} must be ${expected}, got ${describe(value)}`);
    this.name = 'SegmentationArgumentError';
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Options every segmentation builder takes, with Keras Applications' names where they exist. */
export interface SegmentationOptions {
  /** Classes, background included. Default 21 (PASCAL VOC; syntheticScenes' background + 20). */
  classes?: number;
  /** [height, width, 3] without the batch; default [null, null, 3]: any size. */
  inputShape?: (number | null)[];
  /** null (default) or the path/URL of weights for the whole model (any format @foveajs/models reads). */
  weights?: string | null;
  /** Weights of the backbone alone: null (default), 'imagenet' (Keras's file) or a path/URL. */
  backboneWeights?: string | null;
  /**
   * Momentum of every BatchNormalization's moving averages, the backbone's included. Default 0.9
   * (PyTorch's 0.1, torchvision's segmentation training): Keras's MobileNetV2 uses 0.999, whose
   * averages still hold most of their initial values after a few thousand steps from scratch,
   * so the trained model would be evaluated with statistics it never saw.
   */
  batchNormMomentum?: number;
  /**
   * Activation of the output: null (default) gives logits, which the losses take; 'softmax' gives
   * per-pixel probabilities. (Keras Applications' classifiers default to softmax; a segmentation
   * model is trained on its logits.)
   */
  classifierActivation?: ActivationName | null;
}

/** The options type of a call without weights: the builder returns the model synchronously. */
export type NoWeights = { weights?: null; backboneWeights?: null };

type WeightsOf<O, K extends string> = K extends keyof O ? O[K] : null;

/**
 * A builder returns the model at once, or a promise of it when weights must be read first (as
 * @foveajs/models' builders): a promise when `weights` or `backboneWeights` is a string.
 */
export type BuiltSegmentationModel<O> = [WeightsOf<O, 'weights'>, WeightsOf<O, 'backboneWeights'>] extends [null | undefined, null | undefined]
  ? tfl.LayersModel
  : WeightsOf<O, 'weights'> extends string
    ? Promise<tfl.LayersModel>
    : WeightsOf<O, 'backboneWeights'> extends string
      ? Promise<tfl.LayersModel>
      : tfl.LayersModel | Promise<tfl.LayersModel>;

export interface ResolvedSegmentationOptions {
  batchNormMomentum: number;
  classes: number;
  inputShape: (number | null)[];
  weights: string | null;
  backboneWeights: string | null;
  classifierActivation: ActivationName | null;
}

export function resolveSegmentationOptions(model: string, options: SegmentationOptions): ResolvedSegmentationOptions {
  if (options === null || typeof options !== 'object') throw new SegmentationArgumentError(model, 'options', options, 'an object');
  const classes = options.classes ?? 21;
  if (!Number.isInteger(classes) || classes < 1) throw new SegmentationArgumentError(model, 'classes', classes, 'a positive integer');
  const inputShape = options.inputShape ?? [null, null, 3];
  if (
    !Array.isArray(inputShape) ||
    inputShape.length !== 3 ||
    inputShape[2] !== 3 ||
    inputShape.slice(0, 2).some((d) => d !== null && (!Number.isInteger(d) || (d as number) < 1))
  ) {
    throw new SegmentationArgumentError(model, 'inputShape', inputShape, '[height, width, 3] with positive integers or null for any size');
  }
  for (const key of ['weights', 'backboneWeights'] as const) {
    const value = options[key];
    if (value != null && (typeof value !== 'string' || value === '')) {
      throw new SegmentationArgumentError(model, key, value, "null, 'imagenet' (backboneWeights) or the path/URL of a weights file");
    }
  }
  if (options.weights === 'imagenet') {
    throw new SegmentationArgumentError(model, 'weights', 'imagenet', "null or a path/URL (use backboneWeights: 'imagenet' for an ImageNet backbone)");
  }
  const batchNormMomentum = options.batchNormMomentum ?? 0.9;
  if (typeof batchNormMomentum !== 'number' || !(batchNormMomentum >= 0 && batchNormMomentum < 1)) {
    throw new SegmentationArgumentError(model, 'batchNormMomentum', batchNormMomentum, 'a number in [0, 1)');
  }
  return {
    batchNormMomentum,
    classes,
    inputShape: [...inputShape],
    weights: options.weights ?? null,
    backboneWeights: options.backboneWeights ?? null,
    classifierActivation: options.classifierActivation ?? null,
  };
}

export function checkChoice<T>(model: string, argument: string, value: unknown, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    throw new SegmentationArgumentError(model, argument, value, `one of ${choices.map((c) => describe(c)).join(', ')}`);
  }
  return value as T;
}

export function apply(layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor {
  return layer.apply(x) as tfl.SymbolicTensor;
}

/** The BatchNormalization of the heads built here (finishSegmentation sets every one's momentum). */
export function batchNorm(name: string): tfl.layers.Layer {
  return tfl.layers.batchNormalization({ axis: 3, epsilon: 1e-5, name });
}

/** Conv (no bias) → BatchNormalization → ReLU, named name, name_BN, name_relu. */
export function convBnRelu(
  x: tfl.SymbolicTensor,
  filters: number,
  kernelSize: number,
  name: string,
  { dilationRate = 1 }: { dilationRate?: number } = {},
): tfl.SymbolicTensor {
  let y = apply(new Conv2D({ filters, kernelSize, padding: 'same', dilationRate, useBias: false, kernelInitializer: 'heNormal', name }), x);
  y = apply(batchNorm(`${name}_BN`), y);
  return apply(tfl.layers.activation({ activation: 'relu', name: `${name}_relu` }), y);
}

/** A 1×1 conv with bias: a per-pixel classifier. */
export function classifier(x: tfl.SymbolicTensor, classes: number, name: string, kernelInitializer: 'zeros' | 'glorotUniform' = 'glorotUniform'): tfl.SymbolicTensor {
  return apply(new Conv2D({ filters: classes, kernelSize: 1, kernelInitializer, name }), x);
}

export interface SegmentationInput {
  /** The model's input: RGB 0..255, [batch, height, width, 3]. */
  input: tfl.SymbolicTensor;
  /** Preprocessed and padded to the output stride's multiple: what the backbone sees. */
  padded: tfl.SymbolicTensor;
}

export function segmentationInput(opts: ResolvedSegmentationOptions, mode: PreprocessMode, multiple: number): SegmentationInput {
  const input = tfl.input({ shape: opts.inputShape, name: 'image' });
  const preprocessed = apply(new Preprocess({ mode, name: 'preprocess' }), input);
  const padded = apply(new PadToMultiple({ multiple, name: 'pad_to_multiple' }), preprocessed);
  return { input, padded };
}

/**
 * The end of every model: logits (at any stride) resized bilinearly to the padded input, cropped
 * back to the input's size, then the optional activation. Output shape = input shape.
 */
export function segmentationOutput(
  logits: tfl.SymbolicTensor,
  { input, padded }: SegmentationInput,
  opts: ResolvedSegmentationOptions,
): tfl.SymbolicTensor {
  let y = logits;
  if (y.shape[1] !== padded.shape[1] || y.shape[2] !== padded.shape[2] || y.shape[1] === null) {
    y = apply(new ResizeLike({ name: 'upsample_logits' }), [y, padded]);
  }
  y = apply(new CropLike({ name: 'crop_to_input' }), [y, input]);
  if (opts.classifierActivation !== null) y = apply(tfl.layers.activation({ activation: opts.classifierActivation, name: 'probabilities' }), y);
  return y;
}

export type BackboneName = 'vgg16' | 'resnet50' | 'mobilenetv2';

/** Which zoo builder, its preprocessing mode, and the layers whose outputs heads use, by stride. */
export const BACKBONES: Record<BackboneName, { builder: string; preprocess: PreprocessMode; features: Record<number, string> }> = {
  vgg16: {
    builder: 'VGG16',
    preprocess: 'caffe',
    features: { 1: 'block1_conv2', 2: 'block2_conv2', 4: 'block3_conv3', 8: 'block3_pool', 16: 'block4_pool', 32: 'block5_pool' },
  },
  resnet50: {
    builder: 'ResNet50',
    preprocess: 'caffe',
    features: { 2: 'conv1_relu', 4: 'conv2_block3_out', 8: 'conv3_block4_out', 16: 'conv4_block6_out', 32: 'conv5_block3_out' },
  },
  mobilenetv2: {
    builder: 'MobileNetV2',
    preprocess: 'tf',
    // The last layer of each resolution before the next stride (block 1 strides to 4, 3 to 8, 6 to 16, 13 to 32).
    features: { 2: 'expanded_conv_project_BN', 4: 'block_2_add', 8: 'block_5_add', 16: 'block_12_add', 32: 'out_relu' },
  },
};

export interface BackboneOptions {
  backbone: BackboneName;
  /** MobileNetV2's width multiplier. */
  alpha?: number;
  outputStride?: OutputStride;
  /** 'imagenet' or a path: loaded into the backbone's layers (by Keras name). */
  weights: string | null;
}

/** A zoo model built on `padded` (includeTop false): its layers become the segmentation model's. */
export function buildBackbone(model: string, padded: tfl.SymbolicTensor, options: BackboneOptions): { backbone: tfl.LayersModel; loading?: Promise<unknown> } {
  const { backbone, alpha = 1, outputStride = 32, weights } = options;
  // Random weights first; pretrained ones are assigned by name once loaded, so the graph is built synchronously.
  let built: tfl.LayersModel;
  switch (backbone) {
    case 'vgg16':
      if (outputStride !== 32) throw new SegmentationArgumentError(model, 'outputStride', outputStride, '32 with the VGG16 backbone');
      built = VGG16({ includeTop: false, inputTensor: padded });
      break;
    case 'resnet50':
      built = ResNet50({ includeTop: false, inputTensor: padded, outputStride });
      break;
    case 'mobilenetv2':
      built = MobileNetV2({ includeTop: false, inputTensor: padded, alpha, outputStride });
      break;
    default:
      throw new SegmentationArgumentError(model, 'backbone', backbone, "'vgg16', 'resnet50' or 'mobilenetv2'");
  }
  if (weights === null) return { backbone: built };
  const query = backbone === 'mobilenetv2' ? { imagenet: { model: 'MobileNetV2', includeTop: false, alpha, rows: 224 } } : {};
  return { backbone: built, loading: loadWeightsInto(built, weights, query as never) };
}

/** The output of a backbone layer, by name (an error lists what was expected). */
export function featureOf(backbone: tfl.LayersModel, layerName: string): tfl.SymbolicTensor {
  const output = backbone.getLayer(layerName).output;
  return (Array.isArray(output) ? output[0] : output) as tfl.SymbolicTensor;
}

/**
 * Finish a builder: the model, or a promise of it once the backbone's and the model's weights are
 * loaded (in that order, so a whole-model file overrides the backbone's).
 */
export function finishSegmentation<O>(
  model: tfl.LayersModel,
  opts: ResolvedSegmentationOptions,
  modelName: string,
  backboneLoading?: Promise<unknown>,
): BuiltSegmentationModel<O> {
  for (const layer of model.layers) {
    // A plain field tfjs reads at each training step and saves in the config.
    if (layer.getClassName() === 'BatchNormalization') (layer as unknown as { momentum: number }).momentum = opts.batchNormMomentum;
  }
  if (opts.weights === null && backboneLoading === undefined) return model as BuiltSegmentationModel<O>;
  const load = async () => {
    try {
      await backboneLoading;
      if (opts.weights !== null) await loadWeightsInto(model, opts.weights);
      return model;
    } catch (error) {
      model.dispose();
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${modelName}: weights could not be loaded: ${message}`, { cause: error });
    }
  };
  return load() as BuiltSegmentationModel<O>;
}
