// MobileNet v1 (Howard et al. 2017) and MobileNetV2 (Sandler et al. 2018), layer for layer as
// keras.applications.mobilenet / mobilenet_v2.
import { depthwiseConvBlock, invertedResidual, makeDivisible } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  AutoNames,
  type BuiltModel,
  call,
  dilatedStages,
  finish,
  globalHead,
  type ModelOptions,
  type NoWeights,
  ModelArgumentError,
  modelInput,
  type OutputStride,
  pool,
  resolveOptions,
} from './common.js';

export interface MobileNetOptions extends ModelOptions {
  /** Width multiplier: scales every layer's filters (Keras's weights exist for 0.25, 0.5, 0.75, 1). */
  alpha?: number;
  /** Depth multiplier of the depthwise convolutions (resolution multiplier in the paper). */
  depthMultiplier?: number;
  /** Dropout before the classifier. */
  dropout?: number;
}

export interface MobileNetV2Options extends MobileNetOptions {
  /**
   * 32 (default, the classifier's), or 16 / 8: the strides of the last blocks are replaced by
   * dilated depthwise convs, as DeepLab's MobileNetV2 (TF-slim's output_stride). Same weights.
   */
  outputStride?: OutputStride;
}

const relu6 = (name: string) => tfl.layers.reLU({ maxValue: 6, name });

function checkAlpha(model: string, alpha: number, allowed: number[], weights: string | null): void {
  if (typeof alpha !== 'number' || !(alpha > 0)) throw new ModelArgumentError(model, 'alpha', alpha, 'a positive number');
  if (weights === 'imagenet' && !allowed.includes(alpha)) {
    throw new ModelArgumentError(model, 'alpha', alpha, `one of ${allowed.join(', ')} with weights 'imagenet'`);
  }
}

/** Keras names the model after alpha and the input rows, e.g. 'mobilenet_1.00_224'. */
function sizedName(prefix: string, alpha: number, shape: (number | null)[]): string {
  const rows = shape[0] ?? 224;
  return `${prefix}_${alpha.toFixed(2)}_${rows}`;
}

export function MobileNet<O extends MobileNetOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'MobileNet';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const alpha = options.alpha ?? 1.0;
  const depthMultiplier = options.depthMultiplier ?? 1;
  const dropout = options.dropout ?? 1e-3;
  checkAlpha(modelName, alpha, [0.25, 0.5, 0.75, 1.0], opts.weights);
  if (!Number.isInteger(depthMultiplier) || depthMultiplier < 1) {
    throw new ModelArgumentError(modelName, 'depthMultiplier', depthMultiplier, 'a positive integer');
  }
  if (opts.weights === 'imagenet' && depthMultiplier !== 1) {
    throw new ModelArgumentError(modelName, 'depthMultiplier', depthMultiplier, "1 with weights 'imagenet'");
  }
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  const auto = new AutoNames();

  let x = call(
    tfl.layers.conv2d({ filters: Math.trunc(32 * alpha), kernelSize: 3, padding: 'same', useBias: false, strides: 2, name: 'conv1' }),
    input.image,
  );
  x = call(relu6('conv1_relu'), call(tfl.layers.batchNormalization({ axis: 3, name: 'conv1_bn' }), x));

  const blocks: [number, 1 | 2][] = [
    [64, 1],
    [128, 2],
    [128, 1],
    [256, 2],
    [256, 1],
    [512, 2],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [1024, 2],
    [1024, 1],
  ];
  blocks.forEach(([filters, strides], i) => {
    x = depthwiseConvBlock(x, { filters, alpha, depthMultiplier, strides, blockId: i + 1 });
  });

  if (opts.includeTop) {
    // Keras keeps the pooled features 4-D and classifies with a 1x1 conv (the original TF-slim graph).
    const channels = x.shape[3]!;
    x = call(tfl.layers.globalAveragePooling2d({ name: auto.next('global_average_pooling2d') }), x);
    x = call(tfl.layers.reshape({ targetShape: [1, 1, channels], name: 'reshape_1' }), x);
    x = call(tfl.layers.dropout({ rate: dropout, name: 'dropout' }), x);
    x = call(tfl.layers.conv2d({ filters: opts.classes, kernelSize: 1, padding: 'same', name: 'conv_preds' }), x);
    x = call(tfl.layers.reshape({ targetShape: [opts.classes], name: 'reshape_2' }), x);
    x = call(tfl.layers.activation({ activation: opts.classifierActivation ?? 'linear', name: 'predictions' }), x);
  } else {
    x = pool(x, opts.pooling, { avg: 'global_average_pooling2d', max: 'global_max_pooling2d' });
  }
  const name = sizedName('mobilenet', alpha, input.shape);
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name }), opts, modelName);
}

export function MobileNetV2<O extends MobileNetV2Options = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'MobileNetV2';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const outputStride = options.outputStride ?? 32;
  const alpha = options.alpha ?? 1.0;
  checkAlpha(modelName, alpha, [0.35, 0.5, 0.75, 1.0, 1.3, 1.4], opts.weights);
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  // MobileNetV2's BNs use momentum 0.999 and epsilon 1e-3, as in Keras.
  const bn = (name: string) => tfl.layers.batchNormalization({ axis: 3, epsilon: 1e-3, momentum: 0.999, name });

  let x = call(
    tfl.layers.conv2d({ filters: makeDivisible(32 * alpha, 8), kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'Conv1' }),
    input.image,
  );
  x = call(relu6('Conv1_relu'), call(bn('bn_Conv1'), x));

  // [filters, stride, expansion] per block, blocks 0..16.
  const blocks: [number, 1 | 2, number][] = [
    [16, 1, 1],
    [24, 2, 6],
    [24, 1, 6],
    [32, 2, 6],
    [32, 1, 6],
    [32, 1, 6],
    [64, 2, 6],
    [64, 1, 6],
    [64, 1, 6],
    [64, 1, 6],
    [96, 1, 6],
    [96, 1, 6],
    [96, 1, 6],
    [160, 2, 6],
    [160, 1, 6],
    [160, 1, 6],
    [320, 1, 6],
  ];
  // Each block's stride and dilation at this output stride (Conv1 already halved the input).
  const stages = dilatedStages(modelName, outputStride, blocks.map(([, strides]) => strides), 2);
  blocks.forEach(([filters, , expansion], id) => {
    const { stride, firstRate } = stages[id]!;
    // Keras names block 0 (no expand conv) 'expanded_conv_'.
    const name = id === 0 ? 'expanded_conv_' : `block_${id}_`;
    // A block's depthwise conv runs at the rate reached before it (TF-slim: layer_rate = rate).
    x = invertedResidual(x, { filters, expansion, strides: stride as 1 | 2, dilationRate: firstRate, alpha, name });
  });
  // Keras widens the last conv only for alpha > 1; narrower models keep 1280 features.
  const lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = call(tfl.layers.conv2d({ filters: lastFilters, kernelSize: 1, useBias: false, name: 'Conv_1' }), x);
  x = call(relu6('out_relu'), call(bn('Conv_1_bn'), x));

  x = globalHead(x, opts, { avg: 'global_average_pooling2d', max: 'global_max_pooling2d' });
  const name = sizedName('mobilenetv2', alpha, input.shape);
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name }), opts, modelName);
}
