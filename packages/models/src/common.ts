// What every builder shares: Keras Applications' options and their checks, input resolution
// (Keras's obtain_input_shape), the classification head, Keras-style auto names, and the one place
// where pretrained weights are loaded. The blocks are @foveajs/layers'. Each architecture is its
// own named export, as in Keras Applications, so the one-line wrappers over a family's builder
// (ResNet50, ResNet101, ...) repeat by design.
import { describeValue } from '@foveajs/core';
import type { ActivationName } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';

export type { ActivationName };
export type Pooling = 'avg' | 'max';

/** The options of every builder, with Keras Applications' names and defaults. */
export interface ModelOptions {
  /** Include the fully-connected classifier at the top. Default true. */
  includeTop?: boolean;
  /** null (random init, default), 'imagenet', or a path/URL of a weights file. */
  weights?: string | null;
  /** [height, width, channels] without the batch dimension. */
  inputShape?: (number | null)[];
  /** A symbolic tensor (from `tf.input` or another model's layer) to use as the image input. */
  inputTensor?: tfl.SymbolicTensor;
  /** Global pooling of the last feature map when `includeTop` is false. */
  pooling?: Pooling;
  /** Number of classes of the classifier; only with `includeTop` (default 1000). */
  classes?: number;
  /** Activation of the classifier's output layer (default 'softmax'; null for logits). */
  classifierActivation?: ActivationName | null;
}

/** DeepLab's output stride: the input size over the last feature map's (32 is the classifier's). */
export type OutputStride = 8 | 16 | 32;

/**
 * The (stride, dilation) of each of a backbone's downsampling stages for an output stride, as
 * TF-slim's `output_stride` and torchvision's `replace_stride_with_dilation` compute them: once
 * the output stride is reached, a stage's stride becomes 1, that stage keeps the rate reached so
 * far (`firstRate`) and every later layer is dilated by the product of the strides replaced (`rate`).
 * `strides` are the stages' strides in order; `stride0` what the layers before them already reduce.
 */
export function dilatedStages(
  model: string,
  outputStride: unknown,
  strides: readonly number[],
  stride0: number,
): { stride: number; firstRate: number; rate: number }[] {
  if (outputStride !== 8 && outputStride !== 16 && outputStride !== 32) {
    throw new ModelArgumentError(model, 'outputStride', outputStride, '8, 16 or 32');
  }
  let current = stride0;
  let rate = 1;
  return strides.map((stride) => {
    if (current * stride > outputStride) {
      const firstRate = rate;
      rate *= stride;
      return { stride: 1, firstRate, rate };
    }
    current *= stride;
    return { stride, firstRate: rate, rate };
  });
}

/** The options type of a call without `weights`: the builder returns the model synchronously. */
export type NoWeights = { weights?: null };

/** A builder returns the model at once, or a promise of it when weights must be read first. */
export type BuiltModel<O> = 'weights' extends keyof O
  ? O extends { weights: string }
    ? Promise<tfl.LayersModel>
    : O extends { weights?: null | undefined }
      ? tfl.LayersModel
      : tfl.LayersModel | Promise<tfl.LayersModel>
  : tfl.LayersModel;

export class ModelArgumentError extends Error {
  constructor(model: string, argument: string, value: unknown, expected: string) {
    super(`${model}: ${argument} must be ${expected}, got ${describeValue(value)}`);
    this.name = 'ModelArgumentError';
  }
}


export interface ResolvedOptions {
  includeTop: boolean;
  weights: string | null;
  pooling: Pooling | undefined;
  classes: number;
  classifierActivation: ActivationName | null;
}

/** Check the options every builder shares and fill in Keras's defaults. */
export function resolveOptions(
  model: string,
  options: ModelOptions,
  { hasImagenetWeights, defaultClasses = 1000 }: { hasImagenetWeights: boolean; defaultClasses?: number },
): ResolvedOptions {
  const includeTop = options.includeTop ?? true;
  const weights = options.weights ?? null;
  const classes = options.classes ?? defaultClasses;
  const classifierActivation = options.classifierActivation === undefined ? 'softmax' : options.classifierActivation;
  if (typeof includeTop !== 'boolean') throw new ModelArgumentError(model, 'includeTop', includeTop, 'a boolean');
  if (weights !== null && (typeof weights !== 'string' || weights === '')) {
    throw new ModelArgumentError(model, 'weights', weights, "null, 'imagenet' or the path/URL of a weights file");
  }
  if (weights === 'imagenet' && !hasImagenetWeights) {
    throw new ModelArgumentError(
      model,
      'weights',
      weights,
      'null or the path/URL of a weights file (Keras publishes no ImageNet weights for this architecture)',
    );
  }
  if (!Number.isInteger(classes) || classes < 1) throw new ModelArgumentError(model, 'classes', classes, 'a positive integer');
  if (weights === 'imagenet' && includeTop && classes !== 1000) {
    throw new ModelArgumentError(model, 'classes', classes, "1000 when includeTop is true and weights is 'imagenet'");
  }
  const pooling = options.pooling;
  if (pooling !== undefined && pooling !== 'avg' && pooling !== 'max') {
    throw new ModelArgumentError(model, 'pooling', pooling, "'avg', 'max' or undefined");
  }
  if (weights !== null && classifierActivation !== 'softmax' && classifierActivation !== null && includeTop) {
    // Keras's validate_activation: pretrained classifiers were trained with softmax.
    throw new ModelArgumentError(model, 'classifierActivation', classifierActivation, "'softmax' or null when loading pretrained weights");
  }
  return { includeTop, weights, pooling, classes, classifierActivation };
}

export interface InputSpec {
  defaultSize: number;
  minSize: number;
  /** True where the classifier flattens the feature map, so the input size must be known. */
  requireFlatten: boolean;
  weights: string | null;
  defaultChannels?: number;
}

/** Keras's obtain_input_shape: the input shape a builder uses, or an error saying why not. */
export function obtainInputShape(model: string, inputShape: (number | null)[] | undefined, spec: InputSpec): (number | null)[] {
  const channels = spec.defaultChannels ?? 3;
  const defaultShape = [spec.defaultSize, spec.defaultSize, inputShape?.length === 3 && spec.weights !== 'imagenet' ? inputShape[2]! : channels];
  if (spec.weights === 'imagenet' && spec.requireFlatten) {
    if (inputShape?.some((dim, i) => dim !== defaultShape[i])) {
      throw new ModelArgumentError(
        model,
        'inputShape',
        inputShape,
        `${describeValue(defaultShape)} when includeTop is true and weights is 'imagenet' (or set includeTop: false)`,
      );
    }
    return defaultShape;
  }
  if (inputShape === undefined) {
    const shape = spec.requireFlatten ? defaultShape : [null, null, channels];
    return shape;
  }
  if (!Array.isArray(inputShape) || inputShape.length !== 3) {
    throw new ModelArgumentError(model, 'inputShape', inputShape, 'a [height, width, channels] array');
  }
  for (const dim of inputShape) {
    if (dim !== null && (!Number.isInteger(dim) || dim < 1)) {
      throw new ModelArgumentError(model, 'inputShape', inputShape, 'positive integers (or null for a free height/width)');
    }
  }
  if (inputShape[2] == null) throw new ModelArgumentError(model, 'inputShape', inputShape, 'a known channel count');
  if (spec.weights === 'imagenet' && inputShape[2] !== 3) {
    throw new ModelArgumentError(model, 'inputShape', inputShape, "3 channels when weights is 'imagenet'");
  }
  const [rows, cols] = inputShape;
  if ((rows != null && rows < spec.minSize) || (cols != null && cols < spec.minSize)) {
    throw new ModelArgumentError(
      model,
      'inputShape',
      inputShape,
      `at least ${spec.minSize}x${spec.minSize} pixels: this architecture downsamples smaller inputs to nothing`,
    );
  }
  if (spec.requireFlatten && (rows == null || cols == null)) {
    throw new ModelArgumentError(model, 'inputShape', inputShape, 'a static height and width when includeTop is true');
  }
  return [...inputShape];
}

export interface ModelInput {
  /** The tensor the network starts from. */
  image: tfl.SymbolicTensor;
  /** What the model takes as inputs: the new Input layer, or the sources of `inputTensor`. */
  inputs: tfl.SymbolicTensor[];
  shape: (number | null)[];
}

/** The model's image input: a fresh Input layer, or the caller's `inputTensor`. */
export function modelInput(model: string, options: ModelOptions, spec: InputSpec): ModelInput {
  const { inputTensor } = options;
  if (inputTensor === undefined) {
    const shape = obtainInputShape(model, options.inputShape, spec);
    const image = tfl.input({ shape, name: 'input_layer' });
    return { image, inputs: [image], shape };
  }
  if (!(inputTensor instanceof tfl.SymbolicTensor)) {
    throw new ModelArgumentError(
      model,
      'inputTensor',
      (inputTensor as object)?.constructor?.name ?? inputTensor,
      'a SymbolicTensor (tf.input(...) or a layer output); to run on image data, build the model and call predict()',
    );
  }
  const tensorShape = inputTensor.shape.slice(1);
  const shape = obtainInputShape(model, options.inputShape ?? tensorShape, spec);
  if (tensorShape.length !== shape.length || tensorShape.some((dim, i) => dim != null && shape[i] != null && dim !== shape[i])) {
    throw new ModelArgumentError(model, 'inputTensor', inputTensor.shape, `a shape compatible with inputShape ${describeValue(shape)}`);
  }
  return { image: inputTensor, inputs: sourceInputs(inputTensor), shape: tensorShape };
}

/** Keras's get_source_inputs: the Input layers a symbolic tensor was computed from. */
export function sourceInputs(tensor: tfl.SymbolicTensor): tfl.SymbolicTensor[] {
  const found: tfl.SymbolicTensor[] = [];
  const seen = new Set<number>();
  const visit = (t: tfl.SymbolicTensor): void => {
    if (seen.has(t.id)) return;
    seen.add(t.id);
    const layer = t.sourceLayer;
    const node = layer.inboundNodes[t.nodeIndex];
    if (node === undefined || node.inboundLayers.length === 0) {
      found.push(t);
      return;
    }
    for (const input of node.inputTensors) visit(input);
  };
  visit(tensor);
  return found;
}

/**
 * Keras's auto-naming for layers an application leaves unnamed ('conv2d', 'conv2d_1', ...), per
 * model, so names match a freshly started Keras session whatever else this process has built.
 */
export class AutoNames {
  private readonly counts = new Map<string, number>();
  next(base: string): string {
    const n = this.counts.get(base) ?? 0;
    this.counts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }
}

type KernelInitializer = Parameters<typeof tfl.layers.dense>[0]['kernelInitializer'];

/** Keras's classifier: Dense(classes, activation=classifier_activation), named 'predictions'. */
export function predictions(opts: ResolvedOptions, kernelInitializer?: KernelInitializer): tfl.layers.Layer {
  return tfl.layers.dense({
    units: opts.classes,
    activation: opts.classifierActivation ?? 'linear',
    name: 'predictions',
    ...(kernelInitializer !== undefined ? { kernelInitializer } : {}),
  });
}

/**
 * The classification head Keras applications share: GlobalAveragePooling2D (+ Dropout) + the
 * classifier when includeTop, else optional global pooling.
 */
export function globalHead(
  x: tfl.SymbolicTensor,
  opts: ResolvedOptions,
  names: { avg: string; max: string; dropout?: number; dropoutName?: string },
  kernelInitializer?: KernelInitializer,
): tfl.SymbolicTensor {
  if (opts.includeTop) {
    let y = tfl.layers.globalAveragePooling2d({ name: names.avg }).apply(x) as tfl.SymbolicTensor;
    if (names.dropout !== undefined && names.dropout > 0) {
      y = tfl.layers.dropout({ rate: names.dropout, name: names.dropoutName ?? 'dropout' }).apply(y) as tfl.SymbolicTensor;
    }
    return call(predictions(opts, kernelInitializer), y);
  }
  return pool(x, opts.pooling, names);
}

/** Optional global pooling of a headless model. */
export function pool(x: tfl.SymbolicTensor, pooling: Pooling | undefined, names: { avg: string; max: string }): tfl.SymbolicTensor {
  if (pooling === 'avg') return tfl.layers.globalAveragePooling2d({ name: names.avg }).apply(x) as tfl.SymbolicTensor;
  if (pooling === 'max') return tfl.layers.globalMaxPooling2d({ name: names.max }).apply(x) as tfl.SymbolicTensor;
  return x;
}

/** Shorthand: apply a layer to one symbolic tensor. */
export function call(layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor {
  return layer.apply(x) as tfl.SymbolicTensor;
}

/**
 * The one place pretrained weights enter a model: the weights module (src/weights/) reads the
 * file, validates it against the model and assigns it. Imported on demand so that building
 * models with random weights never loads the file/HDF5 readers (nor Node-only modules in a browser).
 */
export async function loadWeights(model: tfl.LayersModel, source: string, modelName: string): Promise<tfl.LayersModel> {
  const { loadWeightsInto } = await import('./weights/index.js');
  try {
    return await loadWeightsInto(model, source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${modelName}: weights ${describeValue(source)} could not be loaded: ${message}`, { cause: error });
  }
}

/** Finish a builder: return the model, or a promise of it with weights loaded when asked for. */
export function finish<O extends ModelOptions>(model: tfl.LayersModel, opts: ResolvedOptions, modelName: string): BuiltModel<O> {
  if (opts.weights === null) return model as BuiltModel<O>;
  return loadWeights(model, opts.weights, modelName).catch((error: unknown) => {
    model.dispose();
    throw error;
  }) as BuiltModel<O>;
}
