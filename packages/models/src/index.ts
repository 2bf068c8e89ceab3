// @foveajs/models: the classic CNN architectures with Keras Applications' API, ImageNet
// pre/post-processing, and BatchNorm folding for inference.
export { AlexNet, GOOGLENET_INCEPTION_TABLE, GoogLeNet, LeNet5 } from './classic.js';
export { type ActivationName, type BuiltModel, ModelArgumentError, type ModelOptions, type NoWeights, type Pooling } from './common.js';
export { LocalResponseNormalization, Normalization } from './custom_layers.js';
export { DenseNet121, DenseNet169, DenseNet201 } from './densenet.js';
export {
  EfficientNetB0,
  EfficientNetB1,
  EfficientNetB2,
  EfficientNetB3,
  EfficientNetB4,
  EfficientNetB5,
  EfficientNetB6,
  EfficientNetB7,
} from './efficientnet.js';
export { decodePredictions, IMAGENET_CLASS_NAMES, type Prediction, type PreprocessMode, preprocessInput } from './imagenet.js';
export { MobileNet, type MobileNetOptions, MobileNetV2 } from './mobilenet.js';
export { type FusedActivation, FusedConv2D, FusedDense, FusedDepthwiseConv2D } from './fused_layers.js';
export { type OptimizeOptions, type OptimizeReport, optimizeForInference } from './optimize.js';
export { ResNet50, ResNet101, ResNet152 } from './resnet.js';
export { ResNet18, ResNet34, ResNeXt50, SEResNet50 } from './resnet_variants.js';
export { VGG16, VGG19 } from './vgg.js';
export { Xception } from './xception.js';
export { getModelInfo, listModels, type ModelInfo } from './zoo.js';
export { type BatchSource, type EpochLog, evaluateAccuracy, type FitOptions, fitBatches, type TrainingBatch } from './train/fit.js';
export {
  FashionMnistCNN,
  formatEpochLog,
  getTrainingTask,
  listTrainingTasks,
  type TrainingData,
  type TrainingSettings,
  type TrainingTask,
  type TrainingTaskName,
  type TrainResult,
  type TrainStart,
  trainTask,
  type TrainTaskOptions,
} from './train/tasks.js';
export {
  type AssignOptions,
  cachedDownload,
  defaultCacheDir,
  type DownloadOptions,
  fileHandler,
  type ImagenetWeightsQuery,
  imagenetWeightsFile,
  LENET5_MNIST_WEIGHTS,
  type LoadModelOptions,
  type LoadWeightsOptions,
  loadModel,
  loadWeightsInto,
  ModelFileError,
  type ModelFormat,
  type ModelSource,
  type SaveModelOptions,
  saveModel,
  saveWeights,
  type SaveWeightsOptions,
  type WeightsFormat,
  WeightsError,
} from './weights/index.js';
export { type TransferOptions, transferModel, type UnfreezeOptions, unfreezeTop } from './transfer.js';
