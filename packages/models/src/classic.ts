// The textbook's classic CNNs Keras does not ship: LeNet-5 (ReLU + softmax variant), AlexNet and
// GoogLeNet (Inception v1), with Caffe's layer names ('/' written '_') and Keras's head names.
import { inceptionModule } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, pool, predictions, resolveOptions } from './common.js';
import { LocalResponseNormalization } from './custom_layers.js';

/**
 * LeNet-5 (LeCun et al. 1998) as in the textbook: 32x32x1 input, ReLU instead of tanh, average
 * pooling, softmax output; 10 classes by default. 28x28 inputs (MNIST) are zero-padded to 32x32
 * first, as the textbook does. 61,706 parameters.
 */
export function LeNet5<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'LeNet5';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: false, defaultClasses: 10 });
  const input = modelInput(modelName, options, {
    defaultSize: 32,
    minSize: 28,
    requireFlatten: opts.includeTop,
    weights: opts.weights,
    defaultChannels: 1,
  });
  let x = input.image;
  const [rows, cols] = input.shape;
  if ((rows != null && rows < 32) || (cols != null && cols < 32)) {
    const padding = (size: number | null): [number, number] => {
      const total = size == null ? 0 : Math.max(0, 32 - size);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    };
    x = call(tfl.layers.zeroPadding2d({ padding: [padding(rows ?? null), padding(cols ?? null)], name: 'pad' }), x);
  }
  x = call(tfl.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', name: 'c1' }), x);
  x = call(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, name: 's2' }), x);
  x = call(tfl.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', name: 'c3' }), x);
  x = call(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, name: 's4' }), x);
  x = call(tfl.layers.conv2d({ filters: 120, kernelSize: 5, activation: 'relu', name: 'c5' }), x);
  if (opts.includeTop) {
    x = call(tfl.layers.flatten({ name: 'flatten' }), x);
    x = call(tfl.layers.dense({ units: 84, activation: 'relu', name: 'f6' }), x);
    x = call(predictions(opts), x);
  } else {
    x = pool(x, opts.pooling, { avg: 'global_average_pooling2d', max: 'global_max_pooling2d' });
  }
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: 'lenet5' }), opts, modelName);
}

/**
 * AlexNet (Krizhevsky et al. 2012) as in the textbook: 227x227 input, ReLU, local response
 * normalization after the first two convs, dropout 0.5 on the dense layers, one tower (no
 * two-GPU groups). 62,378,344 parameters.
 */
export function AlexNet<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'AlexNet';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: false });
  // 67 is the smallest input that leaves a 1x1 map after conv1 (11/4) and three 3/2 max pools.
  const input = modelInput(modelName, options, { defaultSize: 227, minSize: 67, requireFlatten: opts.includeTop, weights: opts.weights });
  // The paper's LRN: k = 2, n = 5, alpha = 1e-4, beta = 0.75.
  const lrn = (name: string) => new LocalResponseNormalization({ depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75, name });
  const conv = (filters: number, kernelSize: number, name: string, strides = 1, padding: 'same' | 'valid' = 'same') =>
    tfl.layers.conv2d({ filters, kernelSize, strides, padding, activation: 'relu', name });
  const maxPool = (name: string) => tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name });
  let x = call(conv(96, 11, 'conv1', 4, 'valid'), input.image);
  x = call(maxPool('pool1'), call(lrn('norm1'), x));
  x = call(conv(256, 5, 'conv2'), x);
  x = call(maxPool('pool2'), call(lrn('norm2'), x));
  x = call(conv(384, 3, 'conv3'), x);
  x = call(conv(384, 3, 'conv4'), x);
  x = call(conv(256, 3, 'conv5'), x);
  x = call(maxPool('pool5'), x);
  if (opts.includeTop) {
    x = call(tfl.layers.flatten({ name: 'flatten' }), x);
    x = call(tfl.layers.dense({ units: 4096, activation: 'relu', name: 'fc6' }), x);
    x = call(tfl.layers.dropout({ rate: 0.5, name: 'drop6' }), x);
    x = call(tfl.layers.dense({ units: 4096, activation: 'relu', name: 'fc7' }), x);
    x = call(tfl.layers.dropout({ rate: 0.5, name: 'drop7' }), x);
    x = call(predictions(opts), x);
  } else {
    x = pool(x, opts.pooling, { avg: 'global_average_pooling2d', max: 'global_max_pooling2d' });
  }
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: 'alexnet' }), opts, modelName);
}

/** GoogLeNet's inception modules: [name, #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj] (paper, table 1). */
export const GOOGLENET_INCEPTION_TABLE: [string, number, number, number, number, number, number][] = [
  ['inception_3a', 64, 96, 128, 16, 32, 32],
  ['inception_3b', 128, 128, 192, 32, 96, 64],
  ['inception_4a', 192, 96, 208, 16, 48, 64],
  ['inception_4b', 160, 112, 224, 24, 64, 64],
  ['inception_4c', 128, 128, 256, 24, 64, 64],
  ['inception_4d', 112, 144, 288, 32, 64, 64],
  ['inception_4e', 256, 160, 320, 32, 128, 128],
  ['inception_5a', 256, 160, 320, 32, 128, 128],
  ['inception_5b', 384, 192, 384, 48, 128, 128],
];

/**
 * GoogLeNet / Inception v1 (Szegedy et al. 2014) as in the textbook and the paper's table 1,
 * without the auxiliary classifiers (they only serve training): LRN, nine inception modules,
 * global average pooling, dropout 0.4. Layer names are Caffe's with '_' for '/'.
 */
export function GoogLeNet<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'GoogLeNet';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: false });
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  // Caffe's LRN (local_size 5, alpha 1e-4 averaged over the window, k = 1) in TF's terms.
  const lrn = (name: string) => new LocalResponseNormalization({ depthRadius: 2, bias: 1, alpha: 1e-4 / 5, beta: 0.75, name });
  const maxPool = (name: string) => tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name });
  const conv = (filters: number, kernelSize: number, name: string, strides = 1) =>
    tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', activation: 'relu', name });
  let x = call(conv(64, 7, 'conv1_7x7_s2', 2), input.image);
  x = call(lrn('pool1_norm1'), call(maxPool('pool1_3x3_s2'), x));
  x = call(conv(64, 1, 'conv2_3x3_reduce'), x);
  x = call(conv(192, 3, 'conv2_3x3'), x);
  x = call(maxPool('pool2_3x3_s2'), call(lrn('conv2_norm2'), x));
  for (const [name, filters1x1, filters3x3Reduce, filters3x3, filters5x5Reduce, filters5x5, filtersPoolProj] of GOOGLENET_INCEPTION_TABLE) {
    x = inceptionModule(x, { filters1x1, filters3x3Reduce, filters3x3, filters5x5Reduce, filters5x5, filtersPoolProj, name });
    if (name === 'inception_3b') x = call(maxPool('pool3_3x3_s2'), x);
    if (name === 'inception_4e') x = call(maxPool('pool4_3x3_s2'), x);
  }
  x = globalHead(x, opts, { avg: 'pool5_7x7_s1', max: 'global_max_pooling2d', dropout: 0.4, dropoutName: 'pool5_drop_7x7_s1' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: 'googlenet' }), opts, modelName);
}
