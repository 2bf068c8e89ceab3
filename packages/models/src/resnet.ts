// ResNet-50/101/152 (He et al. 2015, v1), layer for layer as keras.applications.resnet.
import * as tfl from '@tensorflow/tfjs-layers';
import { type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, resolveOptions } from './common.js';

/** Keras ResNet's BatchNormalization: epsilon 1.001e-5 (kept from the Caffe weights' conversion). */
export function resnetBn(name: string): tfl.layers.Layer {
  return tfl.layers.batchNormalization({ axis: 3, epsilon: 1.001e-5, name });
}

/** Keras's resnet.block1: the bottleneck residual block (1x1, 3x3, 1x1 x4), stride on the first 1x1. */
export function block1(x: tfl.SymbolicTensor, filters: number, stride: number, convShortcut: boolean, name: string): tfl.SymbolicTensor {
  let shortcut = x;
  if (convShortcut) {
    shortcut = call(tfl.layers.conv2d({ filters: 4 * filters, kernelSize: 1, strides: stride, name: `${name}_0_conv` }), x);
    shortcut = call(resnetBn(`${name}_0_bn`), shortcut);
  }
  let y = call(tfl.layers.conv2d({ filters, kernelSize: 1, strides: stride, name: `${name}_1_conv` }), x);
  y = call(resnetBn(`${name}_1_bn`), y);
  y = call(tfl.layers.activation({ activation: 'relu', name: `${name}_1_relu` }), y);
  y = call(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', name: `${name}_2_conv` }), y);
  y = call(resnetBn(`${name}_2_bn`), y);
  y = call(tfl.layers.activation({ activation: 'relu', name: `${name}_2_relu` }), y);
  y = call(tfl.layers.conv2d({ filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv` }), y);
  y = call(resnetBn(`${name}_3_bn`), y);
  y = call(tfl.layers.add({ name: `${name}_add` }), [shortcut, y]);
  return call(tfl.layers.activation({ activation: 'relu', name: `${name}_out` }), y);
}

/** Keras's resnet.stack1. */
function stack1(x: tfl.SymbolicTensor, filters: number, blocks: number, stride1: number, name: string): tfl.SymbolicTensor {
  let y = block1(x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) y = block1(y, filters, 1, false, `${name}_block${i}`);
  return y;
}

/** The ResNet stem Keras uses: 7x7/2 conv (with bias), BN, ReLU, 3x3/2 max pool. */
export function resnetStem(image: tfl.SymbolicTensor, useBias: boolean): tfl.SymbolicTensor {
  let x = call(tfl.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'conv1_pad' }), image);
  x = call(tfl.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2, useBias, name: 'conv1_conv' }), x);
  x = call(resnetBn('conv1_bn'), x);
  x = call(tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }), x);
  x = call(tfl.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pool1_pad' }), x);
  return call(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }), x);
}

function resnet<O extends ModelOptions>(modelName: string, kerasName: string, blocks: [number, number, number, number], options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  let x = resnetStem(input.image, true);
  x = stack1(x, 64, blocks[0], 1, 'conv2');
  x = stack1(x, 128, blocks[1], 2, 'conv3');
  x = stack1(x, 256, blocks[2], 2, 'conv4');
  x = stack1(x, 512, blocks[3], 2, 'conv5');
  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

/** ResNet-50 (25,636,712 parameters). */
export function ResNet50<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return resnet('ResNet50', 'resnet50', [3, 4, 6, 3], options);
}

/** ResNet-101 (44,707,176 parameters). */
export function ResNet101<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return resnet('ResNet101', 'resnet101', [3, 4, 23, 3], options);
}

/** ResNet-152 (60,419,944 parameters). */
export function ResNet152<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return resnet('ResNet152', 'resnet152', [3, 8, 36, 3], options);
}
