// @foveajs/detect: object detection for Fovea. Evaluation: COCO mAP equal to pycocotools' COCOeval,
// PASCAL VOC AP (VOC2007 11-point, VOC2010+ all-point), and box IoU.
export { COCO_AREA_RANGES, COCO_IOU_THRESHOLDS, COCO_MAX_DETS, COCO_RECALL_THRESHOLDS } from './coco_eval.js';
export { evaluateDetections } from './evaluate.js';
export { iouMatrixXywh, iouXywh, iouXyxy } from './iou.js';
export { allPointAp, elevenPointAp, VOC2007_RECALL_POINTS, VOC_IOU_THRESHOLD } from './voc_eval.js';
export type {
  AreaRange,
  AreaRangeLabel,
  BoxXywh,
  BoxXyxy,
  CocoAnnotation,
  CocoCategory,
  CocoClassEvaluation,
  CocoDataset,
  CocoDetection,
  CocoEvaluation,
  CocoEvaluationParams,
  CocoFlag,
  CocoImage,
  CocoSummary,
  DenseArray,
  DetectionMetric,
  EvaluateOptions,
  VocClassEvaluation,
  VocEvaluation,
} from './types.js';
export {
  type AnchorDecode,
  BACKBONE_FEATURE_LAYERS,
  type BackboneName,
  buildDetector,
  checkDetectorConfig,
  DETECTOR_STRIDES,
  DetectorArgumentError,
  type DetectorActivation,
  type DetectorConfig,
  type DetectorModel,
  type DetectorOptions,
  type HeadFamily,
  YOLOV5_ANCHORS,
} from './model.js';
export { type Candidates, type DecodeOptions, decodeAnchorBased, decodeAnchorFree, decodePredictions, dflExpectation, type HeadMap } from './decode.js';
export {
  type Boxes,
  DetectionResult,
  Detector,
  type EvaluateDetectorOptions,
  type EvaluationData,
  evaluateDetector,
  type ImageSource,
  type LoadDetectorOptions,
  loadDetector,
  type PredictOptions,
  SAMPLE_SCENE,
  SCENES_DETECTOR_WEIGHTS,
  type Speed,
} from './detector.js';
export { loadDetectorModel, type SaveDetectorOptions, saveDetector } from './io.js';
export { LETTERBOX_PAD_VALUE, type LetterboxInfo, type LetterboxOptions, letterbox, letterboxBoxes, letterboxInfo, unletterboxBoxes } from './letterbox.js';
export { type Detections, type NmsOptions, nonMaxSuppression, nonMaxSuppressionSync } from './nms.js';
export { classColour, type DrawOptions, drawDetections, drawText, type PlotBox } from './plot.js';
export {
  type AnchorFreeAssignment,
  type AnchorMatch,
  type AnchorMatchOptions,
  type AnchorPoints,
  anchorPoints,
  assignTaskAligned,
  boxIou,
  ciou,
  type Grid,
  type ImageTargets,
  matchAnchors,
  type TalOptions,
} from './train/assign.js';
export { type AugmentedSample, type AugmentOptions, augmentSample, type DetectionSample, flipLeftRight, hsvAugment, resolveAugment } from './train/augment.js';
export { type DetectionSource, type SceneGeneratorLike, type SceneLike, sampleFromScene, sceneEvaluationData, sceneSource } from './train/data.js';
export { anchorBasedLoss, anchorFreeLoss, detectionLoss, LossConstants, type LossOptions, type LossValue } from './train/loss.js';
export { type EpochRecord, learningRate, type TrainDetectorOptions, type TrainProgress, type TrainResult, trainDetector } from './train/train.js';
