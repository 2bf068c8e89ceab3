// DenseNet-121/169/201 (Huang et al. 2016), layer for layer as keras.applications.densenet.
import { denseBlock, transitionBlock } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { AutoNames, type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, resolveOptions } from './common.js';

const bn = (name: string) => tfl.layers.batchNormalization({ axis: 3, epsilon: 1.001e-5, name });
const relu = (name: string) => tfl.layers.activation({ activation: 'relu', name });

function densenet<O extends ModelOptions>(modelName: string, kerasName: string, blocks: number[], options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  const auto = new AutoNames();
  let x = call(tfl.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: auto.next('zero_padding2d') }), input.image);
  x = call(tfl.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2, useBias: false, name: 'conv1/conv' }), x);
  x = call(relu('conv1/relu'), call(bn('conv1/bn'), x));
  x = call(tfl.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: auto.next('zero_padding2d') }), x);
  x = call(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }), x);
  blocks.forEach((count, i) => {
    x = denseBlock(x, { blocks: count, growthRate: 32, name: `conv${i + 2}` });
    if (i < blocks.length - 1) x = transitionBlock(x, { reduction: 0.5, name: `pool${i + 2}` });
  });
  x = call(relu('relu'), call(bn('bn'), x));
  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

/** DenseNet-121 (8,062,504 parameters). */
export function DenseNet121<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return densenet('DenseNet121', 'densenet121', [6, 12, 24, 16], options);
}

/** DenseNet-169 (14,307,880 parameters). */
export function DenseNet169<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return densenet('DenseNet169', 'densenet169', [6, 12, 32, 32], options);
}

/** DenseNet-201 (20,242,984 parameters). */
export function DenseNet201<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return densenet('DenseNet201', 'densenet201', [6, 12, 48, 32], options);
}
