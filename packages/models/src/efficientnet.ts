// EfficientNetB0-B7 (Tan & Le 2019), layer for layer as keras.applications.efficientnet:
// compound scaling of width/depth/resolution, MBConv blocks with squeeze-and-excitation, and
// Keras's in-model preprocessing stem (Rescaling 1/255 + Normalization).
import { correctPad, efficientNetConvInitializer, makeDivisible, mbConv } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, resolveOptions } from './common.js';
import { Normalization } from './custom_layers.js';

interface BlockArgs {
  kernelSize: number;
  repeats: number;
  filtersIn: number;
  filtersOut: number;
  expandRatio: number;
  strides: 1 | 2;
  seRatio: number;
}

const DEFAULT_BLOCKS_ARGS: BlockArgs[] = [
  { kernelSize: 3, repeats: 1, filtersIn: 32, filtersOut: 16, expandRatio: 1, strides: 1, seRatio: 0.25 },
  { kernelSize: 3, repeats: 2, filtersIn: 16, filtersOut: 24, expandRatio: 6, strides: 2, seRatio: 0.25 },
  { kernelSize: 5, repeats: 2, filtersIn: 24, filtersOut: 40, expandRatio: 6, strides: 2, seRatio: 0.25 },
  { kernelSize: 3, repeats: 3, filtersIn: 40, filtersOut: 80, expandRatio: 6, strides: 2, seRatio: 0.25 },
  { kernelSize: 5, repeats: 3, filtersIn: 80, filtersOut: 112, expandRatio: 6, strides: 1, seRatio: 0.25 },
  { kernelSize: 5, repeats: 4, filtersIn: 112, filtersOut: 192, expandRatio: 6, strides: 2, seRatio: 0.25 },
  { kernelSize: 3, repeats: 1, filtersIn: 192, filtersOut: 320, expandRatio: 6, strides: 1, seRatio: 0.25 },
];

// Keras's initializers: He-style fan-out truncated normal for convs (efficientNetConvInitializer),
// fan-out uniform for the classifier.
const convInit = efficientNetConvInitializer;
const denseInit = () => tfl.initializers.varianceScaling({ scale: 1 / 3, mode: 'fanOut', distribution: 'uniform' });

/** ImageNet statistics Keras's pretrained EfficientNets normalize with. */
const IMAGENET_MEAN_RGB = [0.485, 0.456, 0.406];
const IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225];

interface Scaling {
  width: number;
  depth: number;
  defaultSize: number;
  dropout: number;
}

function efficientNet<O extends ModelOptions>(modelName: string, kerasName: string, scaling: Scaling, options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const input = modelInput(modelName, options, {
    defaultSize: scaling.defaultSize,
    minSize: 32,
    requireFlatten: opts.includeTop,
    weights: opts.weights,
  });
  const depthDivisor = 8;
  const dropConnectRate = 0.2;
  const activation = 'swish';
  const roundFilters = (filters: number): number => makeDivisible(filters * scaling.width, depthDivisor);
  const roundRepeats = (repeats: number): number => Math.ceil(scaling.depth * repeats);

  let x = call(tfl.layers.rescaling({ scale: 1 / 255, name: 'rescaling' }), input.image);
  const pretrained = opts.weights === 'imagenet';
  x = call(
    new Normalization({
      axis: -1,
      name: 'normalization',
      // Keras's pretrained checkpoints hold these statistics; set them so a pretrained model needs no adapt().
      ...(pretrained ? { mean: IMAGENET_MEAN_RGB, variance: IMAGENET_STDDEV_RGB } : {}),
    }),
    x,
  );
  if (opts.weights === 'imagenet') {
    // Keras stores stddev where the variance belongs in its ImageNet weights and corrects it with
    // a second Rescaling; reproduced so those weights give Keras's outputs.
    x = call(tfl.layers.rescaling({ scale: IMAGENET_STDDEV_RGB.map((s) => 1 / Math.sqrt(s)) as unknown as number, name: 'rescaling_1' }), x);
  }
  x = call(tfl.layers.zeroPadding2d({ padding: correctPad(x, 3), name: 'stem_conv_pad' }), x);
  x = call(
    tfl.layers.conv2d({ filters: roundFilters(32), kernelSize: 3, strides: 2, padding: 'valid', useBias: false, kernelInitializer: convInit(), name: 'stem_conv' }),
    x,
  );
  x = call(tfl.layers.batchNormalization({ axis: 3, name: 'stem_bn' }), x);
  x = call(tfl.layers.activation({ activation, name: 'stem_activation' }), x);

  const totalBlocks = DEFAULT_BLOCKS_ARGS.reduce((sum, args) => sum + roundRepeats(args.repeats), 0);
  let b = 0;
  DEFAULT_BLOCKS_ARGS.forEach((args, i) => {
    // mbConv reads filters_in from its input: the previous stage's filters_out, as in the table.
    for (let j = 0; j < roundRepeats(args.repeats); j++) {
      x = mbConv(x, {
        filtersOut: roundFilters(args.filtersOut),
        kernelSize: args.kernelSize,
        // Only a stage's first block strides (and widens to filters_out).
        strides: j === 0 ? args.strides : 1,
        expandRatio: args.expandRatio,
        seRatio: args.seRatio,
        dropRate: (dropConnectRate * b) / totalBlocks,
        activation,
        name: `block${i + 1}${String.fromCharCode(97 + j)}_`,
      });
      b++;
    }
  });

  x = call(
    tfl.layers.conv2d({ filters: roundFilters(1280), kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: convInit(), name: 'top_conv' }),
    x,
  );
  x = call(tfl.layers.batchNormalization({ axis: 3, name: 'top_bn' }), x);
  x = call(tfl.layers.activation({ activation, name: 'top_activation' }), x);
  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool', dropout: scaling.dropout, dropoutName: 'top_dropout' }, denseInit());
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

// [width, depth, resolution, dropout] per variant, from Keras (and the paper's compound scaling).
const VARIANTS: Record<string, Scaling> = {
  b0: { width: 1.0, depth: 1.0, defaultSize: 224, dropout: 0.2 },
  b1: { width: 1.0, depth: 1.1, defaultSize: 240, dropout: 0.2 },
  b2: { width: 1.1, depth: 1.2, defaultSize: 260, dropout: 0.3 },
  b3: { width: 1.2, depth: 1.4, defaultSize: 300, dropout: 0.3 },
  b4: { width: 1.4, depth: 1.8, defaultSize: 380, dropout: 0.4 },
  b5: { width: 1.6, depth: 2.2, defaultSize: 456, dropout: 0.4 },
  b6: { width: 1.8, depth: 2.6, defaultSize: 528, dropout: 0.5 },
  b7: { width: 2.0, depth: 3.1, defaultSize: 600, dropout: 0.5 },
};

const variant = <O extends ModelOptions>(key: keyof typeof VARIANTS & string, options: O): BuiltModel<O> =>
  efficientNet(`EfficientNet${key.toUpperCase()}`, `efficientnet${key}`, VARIANTS[key]!, options);

/** EfficientNetB0: 224x224 input (5,330,571 parameters). */
export const EfficientNetB0 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b0', options);
/** EfficientNetB1: 240x240 input (7,856,239 parameters). */
export const EfficientNetB1 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b1', options);
/** EfficientNetB2: 260x260 input (9,177,569 parameters). */
export const EfficientNetB2 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b2', options);
/** EfficientNetB3: 300x300 input (12,320,535 parameters). */
export const EfficientNetB3 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b3', options);
/** EfficientNetB4: 380x380 input (19,466,823 parameters). */
export const EfficientNetB4 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b4', options);
/** EfficientNetB5: 456x456 input (30,562,527 parameters). */
export const EfficientNetB5 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b5', options);
/** EfficientNetB6: 528x528 input (43,265,143 parameters). */
export const EfficientNetB6 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b6', options);
/** EfficientNetB7: 600x600 input (66,658,687 parameters). */
export const EfficientNetB7 = <O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> => variant('b7', options);
