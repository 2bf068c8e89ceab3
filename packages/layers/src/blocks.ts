// Block functions: each wires standard tfjs layers (plus our grouped Conv2D / dilated
// DepthwiseConv2D, which keep Keras's class names) into a functional graph. The model zoo
// (@foveajs/models) builds from these: every layer gets exactly the name Keras Applications gives
// it when `name` is the argument Keras passes to its own block function, so Keras weights load by name.
//
// Naming, per function, follows the Keras source it mirrors:
//   bottleneckUnit   keras.applications.resnet.block1      name 'conv2_block1' -> 'conv2_block1_1_conv'
//   bottleneckStack  keras.applications.resnet.stack1      name 'conv2'        -> 'conv2_block1_...'
//   denseConvBlock   keras.applications.densenet.conv_block name 'conv2_block1' -> 'conv2_block1_0_bn'
//   denseBlock       keras.applications.densenet.dense_block name 'conv2'       -> 'conv2_block1_...'
//   transitionBlock  keras.applications.densenet.transition_block name 'pool2' -> 'pool2_conv'
//   depthwiseConvBlock keras.applications.mobilenet._depthwise_conv_block blockId 1 -> 'conv_dw_1'
//   invertedResidual keras.applications.mobilenet_v2._inverted_res_block prefix 'block_1_' -> 'block_1_expand'
//   mbConv           keras.applications.efficientnet.block  prefix 'block1a_' -> 'block1a_dwconv'
//   xceptionBlock    keras.applications.xception blocks      name 'block2'     -> 'block2_sepconv1'
//   residualUnit     the textbook ResNet-34 unit (not in Keras Applications): Keras's ResNet naming
//   inceptionModule  GoogLeNet (not in Keras Applications): Caffe's names with '_' for '/'
// Without `name`, tfjs auto-names the layers.
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Initializer as TfInitializer, InitializerIdentifier } from '@tensorflow/tfjs-layers/dist/initializers.js';
import type { ActivationIdentifier } from '@tensorflow/tfjs-layers/dist/keras_format/activation_config.js';
import { Conv2D, DepthwiseConv2D } from './conv.js';
import { LayerArgumentError, fraction, nonNegativeInt, positiveInt, positivePair } from './util.js';
import { describeValue } from '@foveajs/core';

type Initializer = InitializerIdentifier | TfInitializer;
/** A Keras activation name: tfjs-layers' own list, which its public entry point does not export. */
export type ActivationName = ActivationIdentifier;

/** Suffix a Keras-style name, or leave the layer to tfjs's auto-naming. */
function named(name: string | undefined, suffix: string): string | undefined {
  return name === undefined ? undefined : name + suffix;
}

function apply(layer: tfl.layers.Layer, x: SymbolicTensor | SymbolicTensor[]): SymbolicTensor {
  return layer.apply(x) as SymbolicTensor;
}

/** The input of a block: a rank-4 symbolic tensor with known channels. Returns the channels. */
function checkBlockInput(owner: string, x: SymbolicTensor): number {
  if (x == null || !Array.isArray(x.shape)) {
    throw new LayerArgumentError(owner, 'x', x, 'a SymbolicTensor (from tf.input or a layer.apply)');
  }
  if (x.shape.length !== 4) {
    throw new LayerArgumentError(owner, 'input rank', x.shape.length, `4 (batch, height, width, channels); input shape ${describeValue(x.shape)}`);
  }
  const channels = x.shape[3];
  if (channels == null) throw new LayerArgumentError(owner, 'input channels', channels, 'known');
  return channels;
}

function strides2(owner: string, value: unknown): [number, number] {
  return positivePair(owner, 'strides', value);
}

/** Keras's `_make_divisible` (MobileNet/EfficientNet): round to a multiple of `divisor`, never below 90%. */
export function makeDivisible(value: number, divisor = 8, minValue?: number): number {
  const min = minValue ?? divisor;
  const rounded = Math.max(min, Math.floor((value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}

/**
 * Keras's `imagenet_utils.correct_pad`: the zero padding that makes a stride-2 'valid' conv of
 * size `kernelSize` behave like TensorFlow's 'same' on odd and even inputs alike.
 */
export function correctPad(x: SymbolicTensor, kernelSize: number | [number, number]): [[number, number], [number, number]] {
  const [kh, kw] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  const h = x.shape[1];
  const w = x.shape[2];
  const adjust = [h == null ? 1 : 1 - (h % 2), w == null ? 1 : 1 - (w % 2)] as const;
  const correct = [Math.floor(kh / 2), Math.floor(kw / 2)] as const;
  return [
    [correct[0] - adjust[0], correct[0]],
    [correct[1] - adjust[1], correct[1]],
  ];
}

function batchNorm(x: SymbolicTensor, name: string | undefined, epsilon: number, momentum = 0.99): SymbolicTensor {
  return apply(tfl.layers.batchNormalization({ axis: 3, epsilon, momentum, name }), x);
}

function activation(x: SymbolicTensor, kind: ActivationName, name: string | undefined): SymbolicTensor {
  return apply(tfl.layers.activation({ activation: kind, name }), x);
}

/** Keras's ReLU(6.0) layer, as the MobileNets use it (not Activation('relu6')). */
function relu6(x: SymbolicTensor, name: string | undefined): SymbolicTensor {
  return apply(tfl.layers.reLU({ maxValue: 6, name }), x);
}

// ---------------------------------------------------------------------------------------------
// Squeeze-and-excitation

export interface SqueezeExciteBlockOptions {
  /** Reduction ratio r (bottleneck = max(1, floor(channels / r))). Default 16 (SENet). */
  ratio?: number;
  /** Bottleneck width, overriding `ratio`. */
  bottleneckUnits?: number;
  /** Bottleneck activation. Default 'relu'. */
  activation?: ActivationName;
  /** Gate activation. Default 'sigmoid'. */
  gateActivation?: ActivationName;
  /**
   * 'dense' (SENet: GAP -> Dense -> Dense -> Reshape) or 'conv' (EfficientNet: GAP -> Reshape ->
   * 1x1 Conv -> 1x1 Conv). Same function; different layer types and so different weight shapes.
   */
  style?: 'dense' | 'conv';
  kernelInitializer?: Initializer;
  /** Layers are named name+'_squeeze', '_reshape', '_reduce', '_expand', '_excite'. */
  name?: string;
}

/** SENet's squeeze-and-excitation block: scales each channel by a gate computed from global context. */
export function squeezeExcite(x: SymbolicTensor, options: SqueezeExciteBlockOptions = {}): SymbolicTensor {
  const owner = 'squeezeExcite';
  const channels = checkBlockInput(owner, x);
  const ratio = options.ratio ?? 16;
  if (typeof ratio !== 'number' || !(ratio > 0)) throw new LayerArgumentError(owner, 'ratio', ratio, 'a positive number');
  const units =
    options.bottleneckUnits == null
      ? Math.max(1, Math.floor(channels / ratio))
      : positiveInt(owner, 'bottleneckUnits', options.bottleneckUnits);
  const style = options.style ?? 'dense';
  const name = options.name;
  const act = options.activation ?? 'relu';
  const gate = options.gateActivation ?? 'sigmoid';
  const init = options.kernelInitializer ?? 'glorotUniform';
  let se = apply(tfl.layers.globalAveragePooling2d({ name: named(name, '_squeeze') }), x);
  if (style === 'conv') {
    se = apply(tfl.layers.reshape({ targetShape: [1, 1, channels], name: named(name, '_reshape') }), se);
    se = apply(new Conv2D({ filters: units, kernelSize: 1, padding: 'same', activation: act, kernelInitializer: init, name: named(name, '_reduce') }), se);
    se = apply(new Conv2D({ filters: channels, kernelSize: 1, padding: 'same', activation: gate, kernelInitializer: init, name: named(name, '_expand') }), se);
  } else if (style === 'dense') {
    se = apply(tfl.layers.dense({ units, activation: act, kernelInitializer: init, name: named(name, '_reduce') }), se);
    se = apply(tfl.layers.dense({ units: channels, activation: gate, kernelInitializer: init, name: named(name, '_expand') }), se);
    se = apply(tfl.layers.reshape({ targetShape: [1, 1, channels], name: named(name, '_reshape') }), se);
  } else {
    throw new LayerArgumentError(owner, 'style', style, "'dense' or 'conv'");
  }
  return apply(tfl.layers.multiply({ name: named(name, '_excite') }), [x, se]);
}

// ---------------------------------------------------------------------------------------------
// ResNet

export interface ResidualUnitOptions {
  filters: number;
  /** Stride of the first 3x3 conv and of the projection. Default 1. */
  strides?: number | [number, number];
  activation?: ActivationName;
  /** Default 'heNormal', as the textbook's DefaultConv2D. */
  kernelInitializer?: Initializer;
  /** BatchNormalization epsilon. Default 1e-3 (Keras's default). */
  epsilon?: number;
  /**
   * Names: name+'_1_conv', '_1_bn', '_1_relu', '_2_conv', '_2_bn', projection '_0_conv', '_0_bn',
   * then '_add' and '_out' (Keras ResNet's scheme).
   */
  name?: string;
}

/**
 * The textbook's ResNet-34 residual unit: conv3x3(strides) -> BN -> relu -> conv3x3 -> BN, added
 * to the input (through a 1x1 conv + BN projection when strides > 1 or the channels change), then
 * relu. Convs have no bias (BN follows), as in the textbook.
 */
export function residualUnit(x: SymbolicTensor, options: ResidualUnitOptions): SymbolicTensor {
  const owner = 'residualUnit';
  const channels = checkBlockInput(owner, x);
  const filters = positiveInt(owner, 'filters', options?.filters);
  const strides = strides2(owner, options.strides ?? 1);
  const act = options.activation ?? 'relu';
  const init = options.kernelInitializer ?? 'heNormal';
  const eps = options.epsilon ?? 1e-3;
  const name = options.name;
  const conv = (kernelSize: number, s: [number, number], suffix: string) =>
    new Conv2D({ filters, kernelSize, strides: s, padding: 'same', useBias: false, kernelInitializer: init, name: named(name, suffix) });

  let y = apply(conv(3, strides, '_1_conv'), x);
  y = batchNorm(y, named(name, '_1_bn'), eps);
  y = activation(y, act, named(name, '_1_relu'));
  y = apply(conv(3, [1, 1], '_2_conv'), y);
  y = batchNorm(y, named(name, '_2_bn'), eps);
  let shortcut = x;
  if (strides[0] > 1 || strides[1] > 1 || channels !== filters) {
    shortcut = apply(conv(1, strides, '_0_conv'), x);
    shortcut = batchNorm(shortcut, named(name, '_0_bn'), eps);
  }
  const sum = apply(tfl.layers.add({ name: named(name, '_add') }), [shortcut, y]);
  return activation(sum, act, named(name, '_out'));
}

export interface BottleneckUnitOptions {
  /** Width of the 1x1 -> 3x3 part; the unit outputs expansion * filters channels. */
  filters: number;
  strides?: number | [number, number];
  /** Keras ResNet (v1) strides the first 1x1 conv; torchvision's ResNet v1.5 and ResNeXt stride the 3x3. Default '1x1'. */
  strideOn?: '1x1' | '3x3';
  kernelSize?: number;
  /** Grouped 3x3 conv (ResNeXt's cardinality). Default 1. */
  groups?: number;
  /**
   * Dilation of the 3x3 conv (DeepLab's atrous ResNet, where a stage's stride is replaced by
   * dilation); strides must then be 1. Default 1.
   */
  dilationRate?: number;
  /** Channels of the 1x1 and 3x3 convs, when not `filters` (ResNeXt: filters * groups * baseWidth / 64). */
  width?: number;
  /** Output channels = expansion * filters. Default 4. */
  expansion?: number;
  /** Projection shortcut; default: when strides > 1 or the channels change (Keras: the first block of a stack). */
  convShortcut?: boolean;
  /** Add squeeze-and-excitation (SE-ResNet/SE-ResNeXt) with this reduction ratio, after the last BN. */
  seRatio?: number;
  /** Default true (Keras's ResNet50 convs have biases). */
  useBias?: boolean;
  /** Default 1.001e-5, Keras ResNet's. */
  epsilon?: number;
  kernelInitializer?: Initializer;
  /** Keras's block1 `name`, e.g. 'conv2_block1': layers '_0_conv', '_0_bn', '_1_conv', ..., '_3_bn', '_add', '_out'; SE under '_se'. */
  name?: string;
}

/** ResNet-50's bottleneck unit (keras.applications.resnet.block1), with ResNeXt groups and SE options. */
export function bottleneckUnit(x: SymbolicTensor, options: BottleneckUnitOptions): SymbolicTensor {
  const owner = 'bottleneckUnit';
  const channels = checkBlockInput(owner, x);
  const filters = positiveInt(owner, 'filters', options?.filters);
  const strides = strides2(owner, options.strides ?? 1);
  const strideOn = options.strideOn ?? '1x1';
  if (strideOn !== '1x1' && strideOn !== '3x3') throw new LayerArgumentError(owner, 'strideOn', strideOn, "'1x1' or '3x3'");
  const kernelSize = positiveInt(owner, 'kernelSize', options.kernelSize ?? 3);
  const groups = positiveInt(owner, 'groups', options.groups ?? 1);
  const dilationRate = positiveInt(owner, 'dilationRate', options.dilationRate ?? 1);
  if (dilationRate > 1 && (strides[0] > 1 || strides[1] > 1)) {
    throw new LayerArgumentError(owner, 'strides', options.strides, 'all 1 when dilationRate > 1 (the dilation replaces the stride)');
  }
  const width = positiveInt(owner, 'width', options.width ?? filters);
  if (width % groups !== 0) throw new LayerArgumentError(owner, 'groups', groups, `a divisor of width (${width})`);
  const expansion = positiveInt(owner, 'expansion', options.expansion ?? 4);
  const outChannels = expansion * filters;
  const strided = strides[0] > 1 || strides[1] > 1;
  const convShortcut = options.convShortcut ?? (strided || channels !== outChannels);
  if (!convShortcut && (strided || channels !== outChannels)) {
    throw new LayerArgumentError(owner, 'convShortcut', false, `true when strides > 1 or input channels (${channels}) != expansion*filters (${outChannels})`);
  }
  const useBias = options.useBias ?? true;
  const eps = options.epsilon ?? 1.001e-5;
  const init: Initializer = options.kernelInitializer ?? 'glorotUniform';
  const name = options.name;
  const one: [number, number] = [1, 1];

  let shortcut = x;
  if (convShortcut) {
    shortcut = apply(new Conv2D({ filters: outChannels, kernelSize: 1, strides, useBias, kernelInitializer: init, name: named(name, '_0_conv') }), x);
    shortcut = batchNorm(shortcut, named(name, '_0_bn'), eps);
  }
  let y = apply(new Conv2D({ filters: width, kernelSize: 1, strides: strideOn === '1x1' ? strides : one, useBias, kernelInitializer: init, name: named(name, '_1_conv') }), x);
  y = batchNorm(y, named(name, '_1_bn'), eps);
  y = activation(y, 'relu', named(name, '_1_relu'));
  y = apply(
    new Conv2D({
      filters: width,
      kernelSize,
      strides: strideOn === '3x3' ? strides : one,
      dilationRate,
      padding: 'same',
      groups,
      useBias,
      kernelInitializer: init,
      name: named(name, '_2_conv'),
    }),
    y,
  );
  y = batchNorm(y, named(name, '_2_bn'), eps);
  y = activation(y, 'relu', named(name, '_2_relu'));
  y = apply(new Conv2D({ filters: outChannels, kernelSize: 1, useBias, kernelInitializer: init, name: named(name, '_3_conv') }), y);
  y = batchNorm(y, named(name, '_3_bn'), eps);
  if (options.seRatio != null) y = squeezeExcite(y, { ratio: options.seRatio, name: named(name, '_se') });
  const sum = apply(tfl.layers.add({ name: named(name, '_add') }), [shortcut, y]);
  return activation(sum, 'relu', named(name, '_out'));
}

export interface BottleneckStackOptions extends Omit<BottleneckUnitOptions, 'strides' | 'convShortcut' | 'name'> {
  /** Number of bottleneck units. */
  blocks: number;
  /** Stride of the first unit. Default 2 (Keras's stride1). */
  strides?: number | [number, number];
  /**
   * Dilation of the 3x3 convs of units 2..blocks; the first unit's is `firstDilationRate`
   * (default: the same). A stage whose stride DeepLab replaces by dilation passes strides 1,
   * firstDilationRate = the rate so far and dilationRate = that rate times the stride, as
   * torchvision's replace_stride_with_dilation and TF-slim's output_stride do.
   */
  dilationRate?: number;
  firstDilationRate?: number;
  /** Keras's stack1 `name`, e.g. 'conv3': units 'conv3_block1', 'conv3_block2', ... */
  name?: string;
}

/** keras.applications.resnet.stack1: a projection unit, then blocks - 1 identity units. */
export function bottleneckStack(x: SymbolicTensor, options: BottleneckStackOptions): SymbolicTensor {
  const blocks = positiveInt('bottleneckStack', 'blocks', options?.blocks);
  const { blocks: _blocks, strides, name, dilationRate, firstDilationRate, ...unit } = options;
  let y = bottleneckUnit(x, { ...unit, strides: strides ?? 2, dilationRate: firstDilationRate ?? dilationRate, convShortcut: true, name: named(name, '_block1') });
  for (let i = 2; i <= blocks; i++) {
    y = bottleneckUnit(y, { ...unit, dilationRate, convShortcut: false, name: named(name, `_block${i}`) });
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// GoogLeNet

export interface InceptionModuleOptions {
  filters1x1: number;
  filters3x3Reduce: number;
  filters3x3: number;
  filters5x5Reduce: number;
  filters5x5: number;
  filtersPoolProj: number;
  /** Conv -> BN -> relu (Inception v2 style) instead of conv with relu. Default false (GoogLeNet). */
  batchNorm?: boolean;
  kernelInitializer?: Initializer;
  /** Caffe's names, '/' -> '_': name+'_1x1', '_3x3_reduce', '_3x3', '_5x5_reduce', '_5x5', '_pool', '_pool_proj', '_output'. */
  name?: string;
}

/** GoogLeNet's inception module: 1x1 | 1x1->3x3 | 1x1->5x5 | 3x3 maxpool->1x1, concatenated on depth. */
export function inceptionModule(x: SymbolicTensor, options: InceptionModuleOptions): SymbolicTensor {
  const owner = 'inceptionModule';
  checkBlockInput(owner, x);
  const keys = ['filters1x1', 'filters3x3Reduce', 'filters3x3', 'filters5x5Reduce', 'filters5x5', 'filtersPoolProj'] as const;
  for (const key of keys) positiveInt(owner, key, options?.[key]);
  const name = options.name;
  const bn = options.batchNorm ?? false;
  const init: Initializer = options.kernelInitializer ?? 'glorotUniform';
  const conv = (input: SymbolicTensor, filters: number, kernelSize: number, suffix: string): SymbolicTensor => {
    const convName = named(name, suffix);
    if (!bn) {
      return apply(new Conv2D({ filters, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: init, name: convName }), input);
    }
    let y = apply(new Conv2D({ filters, kernelSize, padding: 'same', useBias: false, kernelInitializer: init, name: convName }), input);
    y = batchNorm(y, named(convName, '_bn'), 1e-3);
    return activation(y, 'relu', named(convName, '_relu'));
  };
  const branch1 = conv(x, options.filters1x1, 1, '_1x1');
  const branch3 = conv(conv(x, options.filters3x3Reduce, 1, '_3x3_reduce'), options.filters3x3, 3, '_3x3');
  const branch5 = conv(conv(x, options.filters5x5Reduce, 1, '_5x5_reduce'), options.filters5x5, 5, '_5x5');
  const pooled = apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: named(name, '_pool') }), x);
  const branchPool = conv(pooled, options.filtersPoolProj, 1, '_pool_proj');
  return apply(tfl.layers.concatenate({ axis: 3, name: named(name, '_output') }), [branch1, branch3, branch5, branchPool]);
}

// ---------------------------------------------------------------------------------------------
// DenseNet

export interface DenseConvBlockOptions {
  /** Channels each conv block adds. Default 32 (DenseNet-121/169/201). */
  growthRate?: number;
  /** Keras's conv_block `name`, e.g. 'conv2_block1'. */
  name?: string;
}

/** keras.applications.densenet.conv_block: BN-relu-1x1(4k)-BN-relu-3x3(k), concatenated to the input. */
export function denseConvBlock(x: SymbolicTensor, options: DenseConvBlockOptions = {}): SymbolicTensor {
  const owner = 'denseConvBlock';
  checkBlockInput(owner, x);
  const growthRate = positiveInt(owner, 'growthRate', options.growthRate ?? 32);
  const name = options.name;
  const eps = 1.001e-5;
  let y = batchNorm(x, named(name, '_0_bn'), eps);
  y = activation(y, 'relu', named(name, '_0_relu'));
  y = apply(new Conv2D({ filters: 4 * growthRate, kernelSize: 1, useBias: false, name: named(name, '_1_conv') }), y);
  y = batchNorm(y, named(name, '_1_bn'), eps);
  y = activation(y, 'relu', named(name, '_1_relu'));
  y = apply(new Conv2D({ filters: growthRate, kernelSize: 3, padding: 'same', useBias: false, name: named(name, '_2_conv') }), y);
  return apply(tfl.layers.concatenate({ axis: 3, name: named(name, '_concat') }), [x, y]);
}

export interface DenseBlockOptions extends DenseConvBlockOptions {
  /** Number of conv blocks. */
  blocks: number;
  /** Keras's dense_block `name`, e.g. 'conv2': conv blocks are name+'_block1', '_block2', ... */
  name?: string;
}

/** keras.applications.densenet.dense_block: `blocks` conv blocks, each seeing all earlier outputs. */
export function denseBlock(x: SymbolicTensor, options: DenseBlockOptions): SymbolicTensor {
  const blocks = positiveInt('denseBlock', 'blocks', options?.blocks);
  let y = x;
  for (let i = 0; i < blocks; i++) {
    y = denseConvBlock(y, { growthRate: options.growthRate, name: named(options.name, `_block${i + 1}`) });
  }
  return y;
}

export interface TransitionBlockOptions {
  /** Compression: output channels = floor(channels * reduction). Default 0.5. */
  reduction?: number;
  /** Keras's transition_block `name`, e.g. 'pool2': '_bn', '_relu', '_conv', '_pool'. */
  name?: string;
}

/** keras.applications.densenet.transition_block: BN-relu-1x1 conv (compress) - 2x2 average pool. */
export function transitionBlock(x: SymbolicTensor, options: TransitionBlockOptions = {}): SymbolicTensor {
  const owner = 'transitionBlock';
  const channels = checkBlockInput(owner, x);
  const reduction = options.reduction ?? 0.5;
  if (typeof reduction !== 'number' || !(reduction > 0 && reduction <= 1)) {
    throw new LayerArgumentError(owner, 'reduction', reduction, 'a number in (0, 1]');
  }
  const name = options.name;
  let y = batchNorm(x, named(name, '_bn'), 1.001e-5);
  y = activation(y, 'relu', named(name, '_relu'));
  y = apply(new Conv2D({ filters: Math.max(1, Math.floor(channels * reduction)), kernelSize: 1, useBias: false, name: named(name, '_conv') }), y);
  return apply(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, name: named(name, '_pool') }), y);
}

// ---------------------------------------------------------------------------------------------
// MobileNet

export interface DepthwiseConvBlockOptions {
  /** Pointwise (1x1) filters before the width multiplier; Keras takes int(filters * alpha). */
  filters: number;
  /** Width multiplier. Default 1. */
  alpha?: number;
  /** Channel multiplier of the depthwise conv. Default 1. */
  depthMultiplier?: number;
  strides?: 1 | 2;
  /** Keras's block_id, e.g. 1: layers 'conv_pad_1', 'conv_dw_1', 'conv_dw_1_bn', 'conv_dw_1_relu', 'conv_pw_1', '_bn', '_relu'. */
  blockId?: number;
}

/**
 * MobileNet's depthwise separable block (keras.applications.mobilenet._depthwise_conv_block):
 * 3x3 depthwise -> BN -> relu6 -> 1x1 conv -> BN -> relu6; a stride-2 block pads bottom/right by one first.
 */
export function depthwiseConvBlock(x: SymbolicTensor, options: DepthwiseConvBlockOptions): SymbolicTensor {
  const owner = 'depthwiseConvBlock';
  checkBlockInput(owner, x);
  const filters = positiveInt(owner, 'filters', options?.filters);
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== 'number' || !(alpha > 0)) throw new LayerArgumentError(owner, 'alpha', alpha, 'a positive number');
  const pointwiseFilters = Math.trunc(filters * alpha);
  if (pointwiseFilters < 1) throw new LayerArgumentError(owner, 'alpha', alpha, `at least 1/${filters}, so that int(filters * alpha) >= 1`);
  const depthMultiplier = positiveInt(owner, 'depthMultiplier', options.depthMultiplier ?? 1);
  const strides = options.strides ?? 1;
  if (strides !== 1 && strides !== 2) throw new LayerArgumentError(owner, 'strides', strides, '1 or 2');
  const id = options.blockId == null ? undefined : nonNegativeInt(owner, 'blockId', options.blockId);
  const name = (base: string, suffix = '') => (id === undefined ? undefined : `${base}_${id}${suffix}`);

  let y = x;
  if (strides === 2) y = apply(tfl.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: name('conv_pad') }), y);
  y = apply(
    new DepthwiseConv2D({ kernelSize: 3, padding: strides === 1 ? 'same' : 'valid', depthMultiplier, strides, useBias: false, name: name('conv_dw') }),
    y,
  );
  y = relu6(batchNorm(y, name('conv_dw', '_bn'), 1e-3), name('conv_dw', '_relu'));
  y = apply(new Conv2D({ filters: pointwiseFilters, kernelSize: 1, padding: 'same', useBias: false, name: name('conv_pw') }), y);
  return relu6(batchNorm(y, name('conv_pw', '_bn'), 1e-3), name('conv_pw', '_relu'));
}

// ---------------------------------------------------------------------------------------------
// MobileNetV2 / EfficientNet

export interface InvertedResidualOptions {
  /** Output channels before the width multiplier; Keras rounds filters*alpha with makeDivisible(., 8). */
  filters: number;
  /** Expansion factor t; the 1x1 expand conv is omitted when 1 (Keras's block 0). Default 6. */
  expansion?: number;
  strides?: 1 | 2;
  /**
   * Dilation of the depthwise conv (DeepLab's MobileNetV2 at output stride 16 or 8, where the
   * stride is replaced by dilation); strides must then be 1. Default 1.
   */
  dilationRate?: number;
  /** Width multiplier. Default 1. */
  alpha?: number;
  /** Keras's prefix, e.g. 'block_1_' (or 'expanded_conv_' for block 0): prefix+'expand', 'expand_BN', ..., 'add'. */
  name?: string;
}

/** MobileNetV2's inverted residual (keras.applications.mobilenet_v2._inverted_res_block). */
export function invertedResidual(x: SymbolicTensor, options: InvertedResidualOptions): SymbolicTensor {
  const owner = 'invertedResidual';
  const channels = checkBlockInput(owner, x);
  const filters = positiveInt(owner, 'filters', options?.filters);
  const expansion = positiveInt(owner, 'expansion', options.expansion ?? 6);
  const strides = options.strides ?? 1;
  if (strides !== 1 && strides !== 2) throw new LayerArgumentError(owner, 'strides', strides, '1 or 2');
  const dilationRate = positiveInt(owner, 'dilationRate', options.dilationRate ?? 1);
  if (dilationRate > 1 && strides !== 1) {
    throw new LayerArgumentError(owner, 'strides', strides, '1 when dilationRate > 1 (the dilation replaces the stride)');
  }
  const alpha = options.alpha ?? 1;
  if (typeof alpha !== 'number' || !(alpha > 0)) throw new LayerArgumentError(owner, 'alpha', alpha, 'a positive number');
  const pointwiseFilters = makeDivisible(Math.trunc(filters * alpha), 8);
  const prefix = options.name;
  const bn = (input: SymbolicTensor, suffix: string) => batchNorm(input, named(prefix, suffix), 1e-3, 0.999);

  let y = x;
  if (expansion !== 1) {
    y = apply(new Conv2D({ filters: expansion * channels, kernelSize: 1, padding: 'same', useBias: false, name: named(prefix, 'expand') }), y);
    y = relu6(bn(y, 'expand_BN'), named(prefix, 'expand_relu'));
  }
  if (strides === 2) {
    y = apply(tfl.layers.zeroPadding2d({ padding: correctPad(y, 3), name: named(prefix, 'pad') }), y);
  }
  y = apply(
    new DepthwiseConv2D({ kernelSize: 3, strides, dilationRate, useBias: false, padding: strides === 1 ? 'same' : 'valid', name: named(prefix, 'depthwise') }),
    y,
  );
  y = relu6(bn(y, 'depthwise_BN'), named(prefix, 'depthwise_relu'));
  y = apply(new Conv2D({ filters: pointwiseFilters, kernelSize: 1, padding: 'same', useBias: false, name: named(prefix, 'project') }), y);
  y = bn(y, 'project_BN');
  if (channels === pointwiseFilters && strides === 1) {
    return apply(tfl.layers.add({ name: named(prefix, 'add') }), [x, y]);
  }
  return y;
}

/** EfficientNet's conv initializer: VarianceScaling(2.0, fan_out, truncated normal). */
export function efficientNetConvInitializer() {
  return tfl.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'truncatedNormal' });
}

export interface MBConvOptions {
  filtersOut: number;
  kernelSize?: number;
  strides?: 1 | 2;
  /** Default 1 (no expand conv). */
  expandRatio?: number;
  /** SE bottleneck = max(1, floor(filtersIn * seRatio)); 0 disables SE. Default 0. */
  seRatio?: number;
  /** Keep the identity shortcut when shapes allow. Default true. */
  idSkip?: boolean;
  /** Stochastic depth: drop the residual branch per sample with this rate while training. Default 0. */
  dropRate?: number;
  activation?: ActivationName;
  /** Keras's prefix, e.g. 'block1a_': prefix+'expand_conv', ..., 'dwconv', 'se_squeeze', 'project_bn', 'drop', 'add'. */
  name?: string;
}

/** EfficientNet's MBConv (keras.applications.efficientnet.block): expand, depthwise, SE, project, drop-path skip. */
export function mbConv(x: SymbolicTensor, options: MBConvOptions): SymbolicTensor {
  const owner = 'mbConv';
  const filtersIn = checkBlockInput(owner, x);
  const filtersOut = positiveInt(owner, 'filtersOut', options?.filtersOut);
  const kernelSize = positiveInt(owner, 'kernelSize', options.kernelSize ?? 3);
  const strides = options.strides ?? 1;
  if (strides !== 1 && strides !== 2) throw new LayerArgumentError(owner, 'strides', strides, '1 or 2');
  const expandRatio = positiveInt(owner, 'expandRatio', options.expandRatio ?? 1);
  const seRatio = fraction(owner, 'seRatio', options.seRatio ?? 0, { closedTop: true });
  const dropRate = fraction(owner, 'dropRate', options.dropRate ?? 0);
  const idSkip = options.idSkip ?? true;
  const act = options.activation ?? 'swish';
  const prefix = options.name;
  const init = efficientNetConvInitializer();
  const filters = filtersIn * expandRatio;

  let y = x;
  if (expandRatio !== 1) {
    y = apply(new Conv2D({ filters, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: init, name: named(prefix, 'expand_conv') }), y);
    y = batchNorm(y, named(prefix, 'expand_bn'), 1e-3);
    y = activation(y, act, named(prefix, 'expand_activation'));
  }
  if (strides === 2) {
    y = apply(tfl.layers.zeroPadding2d({ padding: correctPad(y, kernelSize), name: named(prefix, 'dwconv_pad') }), y);
  }
  y = apply(
    new DepthwiseConv2D({
      kernelSize,
      strides,
      padding: strides === 2 ? 'valid' : 'same',
      useBias: false,
      depthwiseInitializer: init,
      name: named(prefix, 'dwconv'),
    }),
    y,
  );
  y = batchNorm(y, named(prefix, 'bn'), 1e-3);
  y = activation(y, act, named(prefix, 'activation'));
  if (seRatio > 0) {
    y = squeezeExcite(y, {
      bottleneckUnits: Math.max(1, Math.trunc(filtersIn * seRatio)),
      activation: act,
      style: 'conv',
      kernelInitializer: init,
      name: named(prefix, 'se'),
    });
  }
  y = apply(new Conv2D({ filters: filtersOut, kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: init, name: named(prefix, 'project_conv') }), y);
  y = batchNorm(y, named(prefix, 'project_bn'), 1e-3);
  if (idSkip && strides === 1 && filtersIn === filtersOut) {
    if (dropRate > 0) {
      // Keras's stochastic depth: Dropout with one draw per sample, so the whole branch is dropped.
      // tfjs types noiseShape as number[], but its Dropout fills null entries from the input like Keras.
      y = apply(tfl.layers.dropout({ rate: dropRate, noiseShape: [null, 1, 1, 1] as unknown as number[], name: named(prefix, 'drop') }), y);
    }
    y = apply(tfl.layers.add({ name: named(prefix, 'add') }), [y, x]);
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// Xception

export interface XceptionBlockOptions {
  /** Filters of each separable conv; a number repeats it `repeats` times. */
  filters: number | number[];
  /** Number of separable convs when `filters` is a number. Default 3 (middle flow). */
  repeats?: number;
  /** 2: 3x3/2 max-pool and a strided 1x1 conv + BN on the shortcut (entry/exit flow); 1: identity shortcut. Default 1. */
  strides?: 1 | 2;
  /** Apply relu before the first separable conv (all blocks but Keras's block2). Default true. */
  reluFirst?: boolean;
  /** Keras's block name, e.g. 'block2': '_sepconv1_act', '_sepconv1', '_sepconv1_bn', ..., '_pool'. */
  name?: string;
  /** Keras leaves the shortcut conv, its BN and the add unnamed (auto 'conv2d', 'batch_normalization', 'add'); pass those names to match. */
  shortcutConvName?: string;
  shortcutBnName?: string;
  addName?: string;
}

/** An Xception block: (relu -> SeparableConv 3x3 -> BN) x n, plus a residual shortcut. */
export function xceptionBlock(x: SymbolicTensor, options: XceptionBlockOptions): SymbolicTensor {
  const owner = 'xceptionBlock';
  const channels = checkBlockInput(owner, x);
  const repeats = positiveInt(owner, 'repeats', options?.repeats ?? 3);
  const filterList = Array.isArray(options.filters) ? options.filters : new Array<number>(repeats).fill(options.filters);
  if (filterList.length === 0) throw new LayerArgumentError(owner, 'filters', options.filters, 'a positive integer or a non-empty array of them');
  for (const f of filterList) positiveInt(owner, 'filters', f);
  const strides = options.strides ?? 1;
  if (strides !== 1 && strides !== 2) throw new LayerArgumentError(owner, 'strides', strides, '1 or 2');
  const last = filterList[filterList.length - 1]!;
  if (strides === 1 && last !== channels) {
    throw new LayerArgumentError(owner, 'filters', options.filters, `to end with the input channels (${channels}) for an identity shortcut (strides 1)`);
  }
  const name = options.name;
  let shortcut = x;
  if (strides === 2) {
    shortcut = apply(new Conv2D({ filters: last, kernelSize: 1, strides: 2, padding: 'same', useBias: false, name: options.shortcutConvName }), x);
    shortcut = batchNorm(shortcut, options.shortcutBnName, 1e-3);
  }
  let y = x;
  filterList.forEach((filters, i) => {
    const sep = `_sepconv${i + 1}`;
    if (i > 0 || (options.reluFirst ?? true)) y = activation(y, 'relu', named(name, `${sep}_act`));
    y = apply(tfl.layers.separableConv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name: named(name, sep) }), y);
    y = batchNorm(y, named(name, `${sep}_bn`), 1e-3);
  });
  if (strides === 2) {
    y = apply(tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: named(name, '_pool') }), y);
  }
  return apply(tfl.layers.add({ name: options.addName }), [y, shortcut]);
}
