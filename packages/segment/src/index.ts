// @foveajs/segment: semantic segmentation models (FCN, U-Net, DeepLabV3/V3+, LR-ASPP) built from
// @foveajs/models' backbones, their losses and training, evaluation (mIoU from one confusion
// matrix), and a segmenter that returns masks at the original image size.
//
// Importing this module registers the model's custom layers (Preprocess, PadToMultiple,
// ResizeLike, CropLike) for serialization.

export { type AugmentedSample, type AugmentOptions, augmentSample, type LabeledImage } from './augment.js';
export { CropLike, PadToMultiple, Preprocess, type PreprocessArgs, ResizeLike } from './layers.js';
export {
  type CombinedLossOptions,
  type CrossEntropyOptions,
  crossEntropyDiceLoss,
  type DiceOptions,
  diceLoss,
  type SegmentationLossName,
  segmentationLoss,
  softmaxCrossEntropy,
} from './losses.js';
export { evaluateSegmentation, type MaskInput, SegmentationMetrics, type SegmentationMetricsOptions, type SegmentationScores, scoresFromConfusion } from './metrics.js';
export {
  type BackboneName,
  type BuiltSegmentationModel,
  type NoWeights,
  type OutputStride,
  SegmentationArgumentError,
  type SegmentationOptions,
} from './models/common.js';
export { type AsppOptions, aspp, DeepLabV3, type DeepLabV3Options, defaultAtrousRates, LRASPP, type LRASPPOptions } from './models/deeplab.js';
export { bilinearKernel, bilinearUpsampling, FCN8s, FCN16s, FCN32s, type FCNOptions, type FCNVariant } from './models/fcn.js';
export { UNet, type UNetOptions } from './models/unet.js';
export { colorize, type OverlayOptions, overlay, type Rgb, VOC_PALETTE, vocPalette } from './render.js';
export {
  type ImageSource,
  type LoadSegmenterOptions,
  loadSegmenter,
  type PredictOptions,
  SCENES_SEGMENTER,
  SEGMENTER_ARCHITECTURES,
  type SegmentationResult,
  Segmenter,
  type SegmenterConfig,
  type SegmenterDescription,
  type SegmenterOutput,
} from './segmenter.js';
export {
  evaluateModel,
  type FitSegmentationOptions,
  fitSegmentation,
  type LearningRateSchedule,
  learningRateAt,
  predictMasks,
  recalibrateBatchNorm,
  type SegmentationBatch,
  type StepLog,
} from './train.js';
