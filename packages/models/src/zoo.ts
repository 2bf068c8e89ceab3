// The model list: one entry per builder, with what a caller (CLI, benchmarks, tests) needs to
// know without building it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { AlexNet, GoogLeNet, LeNet5 } from './classic.js';
import type { ModelOptions } from './common.js';
import { DenseNet121, DenseNet169, DenseNet201 } from './densenet.js';
import {
  EfficientNetB0,
  EfficientNetB1,
  EfficientNetB2,
  EfficientNetB3,
  EfficientNetB4,
  EfficientNetB5,
  EfficientNetB6,
  EfficientNetB7,
} from './efficientnet.js';
import { type PreprocessMode, preprocessInput } from './imagenet.js';
import { MobileNet, MobileNetV2 } from './mobilenet.js';
import { ResNet50, ResNet101, ResNet152 } from './resnet.js';
import { ResNet18, ResNet34, ResNeXt50, SEResNet50 } from './resnet_variants.js';
import { VGG16, VGG19 } from './vgg.js';
import { Xception } from './xception.js';
import type * as tf from '@tensorflow/tfjs-core';

export interface ModelInfo {
  name: string;
  family: string;
  /** Input size the architecture was designed for (square). */
  defaultSize: number;
  /** Smallest input height/width the architecture accepts. */
  minSize: number;
  channels: number;
  /** How the family's inputs are preprocessed (see preprocessInput). */
  preprocess: PreprocessMode;
  /** Total parameters (trainable + not) with includeTop, 1000 classes, per Keras's Applications table; null where Keras does not ship the model. */
  kerasParams: number | null;
  /** Trainable parameters of the reference implementation (paper / torchvision), for models Keras does not ship. */
  referenceTrainableParams: number | null;
  /** Whether Keras publishes ImageNet weights (weights: 'imagenet'). */
  imagenetWeights: boolean;
  /** Build with random weights (no `weights` option: that needs the async path of the named export). */
  build: (options?: Omit<ModelOptions, 'weights'>) => tfl.LayersModel;
  /** The family's preprocessInput. */
  preprocessInput: <R extends tf.Rank.R3 | tf.Rank.R4>(images: tf.Tensor<R>) => tf.Tensor<R>;
}

type Builder = (options?: Omit<ModelOptions, 'weights'>) => tfl.LayersModel;

function entry(
  name: string,
  family: string,
  builder: Builder,
  info: Pick<ModelInfo, 'defaultSize' | 'minSize' | 'preprocess' | 'kerasParams'> & Partial<Pick<ModelInfo, 'channels' | 'referenceTrainableParams'>>,
): ModelInfo {
  return {
    name,
    family,
    channels: info.channels ?? 3,
    defaultSize: info.defaultSize,
    minSize: info.minSize,
    preprocess: info.preprocess,
    kerasParams: info.kerasParams,
    referenceTrainableParams: info.referenceTrainableParams ?? null,
    imagenetWeights: info.kerasParams !== null,
    build: builder,
    preprocessInput: (images) => preprocessInput(images, info.preprocess),
  };
}

const b = (builder: (options?: ModelOptions) => unknown): Builder => builder as Builder;

const MODELS: readonly ModelInfo[] = [
  entry('LeNet5', 'lenet', b(LeNet5), { defaultSize: 32, minSize: 28, channels: 1, preprocess: 'none', kerasParams: null, referenceTrainableParams: 61_706 }),
  entry('AlexNet', 'alexnet', b(AlexNet), { defaultSize: 227, minSize: 67, preprocess: 'caffe', kerasParams: null, referenceTrainableParams: 62_378_344 }),
  entry('GoogLeNet', 'googlenet', b(GoogLeNet), { defaultSize: 224, minSize: 32, preprocess: 'caffe', kerasParams: null, referenceTrainableParams: 6_998_552 }),
  entry('VGG16', 'vgg16', b(VGG16), { defaultSize: 224, minSize: 32, preprocess: 'caffe', kerasParams: 138_357_544 }),
  entry('VGG19', 'vgg19', b(VGG19), { defaultSize: 224, minSize: 32, preprocess: 'caffe', kerasParams: 143_667_240 }),
  entry('ResNet18', 'resnet', b(ResNet18), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: null, referenceTrainableParams: 11_689_512 }),
  entry('ResNet34', 'resnet', b(ResNet34), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: null, referenceTrainableParams: 21_797_672 }),
  entry('ResNet50', 'resnet', b(ResNet50), { defaultSize: 224, minSize: 32, preprocess: 'caffe', kerasParams: 25_636_712 }),
  entry('ResNet101', 'resnet', b(ResNet101), { defaultSize: 224, minSize: 32, preprocess: 'caffe', kerasParams: 44_707_176 }),
  entry('ResNet152', 'resnet', b(ResNet152), { defaultSize: 224, minSize: 32, preprocess: 'caffe', kerasParams: 60_419_944 }),
  entry('ResNeXt50', 'resnext', b(ResNeXt50), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: null, referenceTrainableParams: 25_028_904 }),
  entry('SEResNet50', 'senet', b(SEResNet50), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: null, referenceTrainableParams: 28_088_024 }),
  entry('Xception', 'xception', b(Xception), { defaultSize: 299, minSize: 71, preprocess: 'tf', kerasParams: 22_910_480 }),
  entry('DenseNet121', 'densenet', b(DenseNet121), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: 8_062_504 }),
  entry('DenseNet169', 'densenet', b(DenseNet169), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: 14_307_880 }),
  entry('DenseNet201', 'densenet', b(DenseNet201), { defaultSize: 224, minSize: 32, preprocess: 'torch', kerasParams: 20_242_984 }),
  entry('MobileNet', 'mobilenet', b(MobileNet), { defaultSize: 224, minSize: 32, preprocess: 'tf', kerasParams: 4_253_864 }),
  entry('MobileNetV2', 'mobilenet_v2', b(MobileNetV2), { defaultSize: 224, minSize: 32, preprocess: 'tf', kerasParams: 3_538_984 }),
  entry('EfficientNetB0', 'efficientnet', b(EfficientNetB0), { defaultSize: 224, minSize: 32, preprocess: 'none', kerasParams: 5_330_571 }),
  entry('EfficientNetB1', 'efficientnet', b(EfficientNetB1), { defaultSize: 240, minSize: 32, preprocess: 'none', kerasParams: 7_856_239 }),
  entry('EfficientNetB2', 'efficientnet', b(EfficientNetB2), { defaultSize: 260, minSize: 32, preprocess: 'none', kerasParams: 9_177_569 }),
  entry('EfficientNetB3', 'efficientnet', b(EfficientNetB3), { defaultSize: 300, minSize: 32, preprocess: 'none', kerasParams: 12_320_535 }),
  entry('EfficientNetB4', 'efficientnet', b(EfficientNetB4), { defaultSize: 380, minSize: 32, preprocess: 'none', kerasParams: 19_466_823 }),
  entry('EfficientNetB5', 'efficientnet', b(EfficientNetB5), { defaultSize: 456, minSize: 32, preprocess: 'none', kerasParams: 30_562_527 }),
  entry('EfficientNetB6', 'efficientnet', b(EfficientNetB6), { defaultSize: 528, minSize: 32, preprocess: 'none', kerasParams: 43_265_143 }),
  entry('EfficientNetB7', 'efficientnet', b(EfficientNetB7), { defaultSize: 600, minSize: 32, preprocess: 'none', kerasParams: 66_658_687 }),
];

/** Every architecture in the zoo, in the order of the README's table. */
export function listModels(): readonly ModelInfo[] {
  return MODELS;
}

/** One model's entry by its exported name ('ResNet50'); throws listing the names when unknown. */
export function getModelInfo(name: string): ModelInfo {
  const info = MODELS.find((m) => m.name === name);
  if (info === undefined) throw new Error(`getModelInfo: name must be one of ${MODELS.map((m) => m.name).join(', ')}, got '${name}'`);
  return info;
}
