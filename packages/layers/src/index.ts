// @foveajs/layers: the Keras layers CNN users reach for that tfjs-layers 4.22 lacks, as real
// tf.layers.Layer subclasses registered for serialization; Keras-named block functions for the
// model zoo; and a params/MACs/memory/receptive-field summary.
//
// Importing this module registers the classes (Conv2D, DepthwiseConv2D, GlobalAveragePooling2D
// and GlobalMaxPooling2D replace tfjs's registrations with supersets of them).
import * as tfl from '@tensorflow/tfjs-layers';

export { atrousConv2d, Conv2D, type Conv2DArgs, conv2d, DepthwiseConv2D, depthwiseConv2d, TfConv2D, TfDepthwiseConv2D, TfSeparableConv2D } from './conv.js';
export {
  DepthAvgPooling2D,
  DepthMaxPooling2D,
  type DepthPooling2DArgs,
  depthAvgPooling2d,
  depthMaxPooling2d,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  type GlobalPooling2DArgs,
  globalAveragePooling2d,
  globalMaxPooling2d,
} from './pooling.js';
export { SqueezeExcite, type SqueezeExciteArgs, squeezeExciteLayer } from './squeeze_excite.js';
export {
  type ActivationName,
  type BottleneckStackOptions,
  type BottleneckUnitOptions,
  bottleneckStack,
  bottleneckUnit,
  correctPad,
  type DenseBlockOptions,
  type DenseConvBlockOptions,
  type DepthwiseConvBlockOptions,
  denseBlock,
  denseConvBlock,
  depthwiseConvBlock,
  efficientNetConvInitializer,
  type InceptionModuleOptions,
  type InvertedResidualOptions,
  inceptionModule,
  invertedResidual,
  type MBConvOptions,
  makeDivisible,
  mbConv,
  type ResidualUnitOptions,
  residualUnit,
  type SqueezeExciteBlockOptions,
  squeezeExcite,
  type TransitionBlockOptions,
  transitionBlock,
  type XceptionBlockOptions,
  xceptionBlock,
} from './blocks.js';
export {
  BottleneckUnit,
  type BottleneckUnitArgs,
  CompositeLayer,
  DenseBlock,
  type DenseBlockArgs,
  InceptionModule,
  type InceptionModuleArgs,
  InvertedResidual,
  type InvertedResidualArgs,
  MBConv,
  type MBConvArgs,
  ResidualUnit,
  type ResidualUnitArgs,
  Transition,
  type TransitionArgs,
  XceptionBlock,
  type XceptionBlockArgs,
} from './composite.js';
export {
  type BaseAugmentationArgs,
  type Factor,
  type FillMode,
  type Interpolation,
  RandomBrightness,
  type RandomBrightnessArgs,
  RandomContrast,
  type RandomContrastArgs,
  RandomCrop,
  type RandomCropArgs,
  RandomFlip,
  type RandomFlipArgs,
  RandomRotation,
  type RandomRotationArgs,
  RandomTranslation,
  type RandomTranslationArgs,
  RandomZoom,
  type RandomZoomArgs,
  randomBrightness,
  randomContrast,
  randomCrop,
  randomFlip,
  randomRotation,
  randomTranslation,
  randomZoom,
  SeededRandom,
} from './augment.js';
export {
  formatBytes,
  formatCount,
  formatSummary,
  type LayerSummary,
  type ModelSummary,
  type OptimizerName,
  type ReceptiveField,
  type SummaryDtype,
  type SummaryOptions,
  summary,
  type TrainingMemoryOptions,
} from './summary.js';
export { LayerArgumentError } from './util.js';

/** tfjs-layers 4.22's SeparableConv2D already has Keras's options (depthMultiplier, dilationRate, ...): re-exported. */
export const separableConv2d = tfl.layers.separableConv2d;
/** tfjs-layers 4.22 has Keras's Rescaling, CenterCrop and Resizing: re-exported so users need only this package. */
export const rescaling = tfl.layers.rescaling;
export const centerCrop = tfl.layers.centerCrop;
export const resizing = tfl.layers.resizing;
