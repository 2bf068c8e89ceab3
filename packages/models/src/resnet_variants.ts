// The ResNet family members Keras does not ship: ResNet-18/34 (the textbook's ResidualUnit),
// ResNeXt-50 32x4d (Xie et al. 2016) and SE-ResNet-50 (Hu et al. 2017), built from @foveajs/layers'
// blocks with Keras ResNet's layer names (conv1_conv, conv2_block1_1_conv, ..., avg_pool,
// predictions). Their convs have no bias (BN follows), as in the papers' reference models, so the
// trainable parameter counts equal torchvision's / the SENet authors' (checked in the tests).
import { bottleneckStack, residualUnit } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, resolveOptions } from './common.js';
import { resnetStem } from './resnet.js';

/** The textbook's ResNet-34 stem: 7x7/2 conv 'same' without bias, BN, ReLU, 3x3/2 max pool 'same'. */
function textbookStem(image: tfl.SymbolicTensor): tfl.SymbolicTensor {
  let x = call(tfl.layers.conv2d({ filters: 64, kernelSize: 7, strides: 2, padding: 'same', useBias: false, kernelInitializer: 'heNormal', name: 'conv1_conv' }), image);
  x = call(tfl.layers.batchNormalization({ axis: 3, name: 'conv1_bn' }), x);
  x = call(tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }), x);
  return call(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'pool1_pool' }), x);
}

function basicResNet<O extends ModelOptions>(modelName: string, kerasName: string, blocks: number[], options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: false });
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  let x = textbookStem(input.image);
  [64, 128, 256, 512].forEach((filters, stage) => {
    for (let b = 0; b < blocks[stage]!; b++) {
      // The first unit of every stage but the first halves the resolution (and projects the shortcut).
      const strides = b === 0 && stage > 0 ? 2 : 1;
      x = residualUnit(x, { filters, strides, name: `conv${stage + 2}_block${b + 1}` });
    }
  });
  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

/** ResNet-18: the textbook's ResidualUnit, [2, 2, 2, 2] units (11,689,512 trainable parameters). */
export function ResNet18<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return basicResNet('ResNet18', 'resnet18', [2, 2, 2, 2], options);
}

/** ResNet-34: the textbook's ResidualUnit, [3, 4, 6, 3] units (21,797,672 trainable parameters). */
export function ResNet34<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return basicResNet('ResNet34', 'resnet34', [3, 4, 6, 3], options);
}

interface BottleneckVariant {
  groups?: number;
  /** Width of the 3x3 conv per stage, when not the stage's filters. */
  widthFactor?: number;
  strideOn: '1x1' | '3x3';
  seRatio?: number;
}

function bottleneckResNet<O extends ModelOptions>(modelName: string, kerasName: string, variant: BottleneckVariant, options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: false });
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  let x = resnetStem(input.image, false);
  const blocks = [3, 4, 6, 3];
  [64, 128, 256, 512].forEach((filters, stage) => {
    x = bottleneckStack(x, {
      filters,
      blocks: blocks[stage]!,
      strides: stage > 0 ? 2 : 1,
      strideOn: variant.strideOn,
      groups: variant.groups ?? 1,
      width: filters * (variant.widthFactor ?? 1),
      useBias: false,
      ...(variant.seRatio !== undefined ? { seRatio: variant.seRatio } : {}),
      name: `conv${stage + 2}`,
    });
  });
  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

/**
 * ResNeXt-50 (32x4d): ResNet-50 with 32-group 3x3 convs twice as wide, strided on the 3x3 as in
 * the authors' and torchvision's model (25,028,904 trainable parameters).
 */
export function ResNeXt50<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return bottleneckResNet('ResNeXt50', 'resnext50', { groups: 32, widthFactor: 2, strideOn: '3x3' }, options);
}

/**
 * SE-ResNet-50: ResNet-50 with a squeeze-and-excitation gate (ratio 16) on every residual branch,
 * strided on the first 1x1 as in the SENet authors' model (28,088,024 trainable parameters).
 */
export function SEResNet50<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return bottleneckResNet('SEResNet50', 'se_resnet50', { strideOn: '1x1', seRatio: 16 }, options);
}

