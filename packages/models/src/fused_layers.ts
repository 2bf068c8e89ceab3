// The layers optimizeForInference builds: Conv2D / DepthwiseConv2D / Dense with bias and
// activation in one tfjs fused kernel (FusedConv2D, FusedDepthwiseConv2D, _FusedMatMul).
// Registered with tfjs's serialization, so an optimized model saves and loads like any
// LayersModel once @foveajs/models is imported.
import { FUSED_ACTIVATIONS, type FusedActivation as KernelFusedActivation } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';

/**
 * The activations a fused layer applies: fovea-wasm's fused-kernel list (@foveajs/core's
 * FUSED_ACTIVATIONS) but prelu, whose slopes are a weight these layers do not have. Swish runs in
 * the kernel where the backend takes it (see backendFuses), else after it.
 */
export type FusedActivation = Exclude<KernelFusedActivation, 'prelu'>;

/** The fused activations, as a list. */
export const LAYER_FUSED_ACTIVATIONS: readonly FusedActivation[] = FUSED_ACTIVATIONS.filter((a): a is FusedActivation => a !== 'prelu');

/** What tfjs's fused ops take: tfjs's own fused activations. */
type TfjsFusedActivation = Exclude<tf.fused.Activation, 'prelu'>;

export type Pair = [number, number];

/** Keras's padding names, or explicit [[top, bottom], [left, right]] (a folded ZeroPadding2D). */
export type ConvPadding = 'same' | 'valid' | [Pair, Pair];

/** tfjs's form of a padding: explicit pads list all four NHWC axes. */
function tfjsPad(padding: ConvPadding): 'same' | 'valid' | tf.backend_util.ExplicitPadding {
  return typeof padding === 'string' ? padding : [[0, 0], padding[0], padding[1], [0, 0]];
}

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

function singleShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
}

function pair(value: number | number[] | undefined, fallback: number): Pair {
  if (value === undefined) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  return [value[0] ?? fallback, value[1] ?? value[0] ?? fallback];
}

/**
 * Whether the active backend's fused kernels apply `activation` themselves: fovea-wasm lists the
 * extras it takes in `fusedActivations` (@foveajs/backend-wasm's EXTRA_FUSED_ACTIVATIONS; read here
 * from the backend object, as models does not depend on a backend). tfjs's fused ops hand the name
 * to the kernel only while no gradient is recorded; under one they apply it with their own code,
 * which lacks swish.
 */
function backendFuses(activation: FusedActivation): boolean {
  if (tf.engine().state.gradientDepth > 0) return false;
  const extras = (tf.backend() as { fusedActivations?: readonly string[] }).fusedActivations;
  return Array.isArray(extras) && extras.includes(activation);
}

/**
 * Run the fused kernel with `activation`. Swish, which tfjs's kernels lack, runs in the kernel's
 * epilogue where the backend has it, else as the linear kernel followed by x · sigmoid(x).
 */
function activate(activation: FusedActivation, run: (kernelActivation: TfjsFusedActivation) => tf.Tensor): tf.Tensor {
  if (activation !== 'swish') return run(activation);
  if (backendFuses(activation)) return run(activation as unknown as TfjsFusedActivation);
  return tf.tidy(() => {
    const y = run('linear');
    return tf.mul(y, tf.sigmoid(y));
  });
}

interface FusedArgs {
  name?: string;
  activation?: FusedActivation;
  leakyreluAlpha?: number;
}

/** Common weights and config of the three fused layers: kernel, bias, activation. */
abstract class FusedLayer extends tfl.layers.Layer {
  readonly activation: FusedActivation;
  readonly leakyreluAlpha: number;
  protected kernel!: tfl.LayerVariable;
  protected bias!: tfl.LayerVariable;

  constructor(args: FusedArgs) {
    super(args.name !== undefined ? { name: args.name } : {});
    this.activation = args.activation ?? 'linear';
    this.leakyreluAlpha = args.leakyreluAlpha ?? 0.2;
  }

  protected addKernelAndBias(kernelShape: number[], channels: number): void {
    // Zeros: optimizeForInference overwrites them at once, and random init of big kernels is slow.
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', tfl.initializers.zeros());
    this.bias = this.addWeight('bias', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation, leakyreluAlpha: this.leakyreluAlpha };
  }
}

interface FusedConvArgs extends FusedArgs {
  kernelSize: number | number[];
  strides?: number | number[];
  padding?: ConvPadding;
  dilationRate?: number | number[];
}

/** What the two fused convolutions share: their window, the output shape and the kernel call. */
abstract class FusedConvLayer extends FusedLayer {
  readonly kernelSize: Pair;
  readonly strides: Pair;
  readonly padding: ConvPadding;
  readonly dilationRate: Pair;

  constructor(args: FusedConvArgs) {
    super(args);
    this.kernelSize = pair(args.kernelSize, 1);
    this.strides = pair(args.strides, 1);
    this.padding = args.padding ?? 'valid';
    this.dilationRate = pair(args.dilationRate, 1);
  }

  /** The input's channels, which size the kernel. */
  protected inputChannels(inputShape: tfl.Shape | tfl.Shape[]): number {
    const shape = singleShape(inputShape);
    const channels = shape[3];
    if (channels == null) {
      throw new Error(`${this.getClassName()} '${this.name}': input channels must be known, got shape ${JSON.stringify(shape)}`);
    }
    return channels;
  }

  /** [batch, height, width] of the output. */
  protected outputPrefix(inputShape: tfl.Shape | tfl.Shape[]): (number | null)[] {
    const shape = singleShape(inputShape);
    return [shape[0]!, ...spatial(shape, this.kernelSize, this.strides, this.padding, this.dilationRate)];
  }

  protected convolve(inputs: tf.Tensor | tf.Tensor[], op: typeof tf.fused.conv2d | typeof tf.fused.depthwiseConv2d): tf.Tensor {
    const x = single(inputs) as tf.Tensor4D;
    return activate(this.activation, (activation) =>
      op({
        x,
        filter: this.kernel.read() as tf.Tensor4D,
        strides: this.strides,
        pad: tfjsPad(this.padding) as 'same',
        dilations: this.dilationRate,
        bias: this.bias.read(),
        activation,
        leakyreluAlpha: this.leakyreluAlpha,
      }),
    );
  }
}

export interface FusedConv2DArgs extends FusedConvArgs {
  filters: number;
}

/** Conv2D + bias + activation as one tf.fused.conv2d (channels last). */
export class FusedConv2D extends FusedConvLayer {
  static className = 'FusedConv2D';
  readonly filters: number;

  constructor(args: FusedConv2DArgs) {
    super(args);
    this.filters = args.filters;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    this.addKernelAndBias([...this.kernelSize, this.inputChannels(inputShape), this.filters], this.filters);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [...this.outputPrefix(inputShape), this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return this.convolve(inputs, tf.fused.conv2d);
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
    };
  }
}
serialization.registerClass(FusedConv2D);

export interface FusedDepthwiseConv2DArgs extends FusedConvArgs {
  depthMultiplier?: number;
}

/** DepthwiseConv2D + bias + activation as one tf.fused.depthwiseConv2d (channels last). */
export class FusedDepthwiseConv2D extends FusedConvLayer {
  static className = 'FusedDepthwiseConv2D';
  readonly depthMultiplier: number;

  constructor(args: FusedDepthwiseConv2DArgs) {
    super(args);
    this.depthMultiplier = args.depthMultiplier ?? 1;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const channels = this.inputChannels(inputShape);
    this.addKernelAndBias([...this.kernelSize, channels, this.depthMultiplier], channels * this.depthMultiplier);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const channels = singleShape(inputShape)[3];
    return [...this.outputPrefix(inputShape), channels == null ? null : channels * this.depthMultiplier];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return this.convolve(inputs, tf.fused.depthwiseConv2d);
  }

  override getConfig(): serialization.ConfigDict {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      depthMultiplier: this.depthMultiplier,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
    };
  }
}
serialization.registerClass(FusedDepthwiseConv2D);

export interface FusedDenseArgs extends FusedArgs {
  units: number;
}

/** Dense + bias + activation as one tf.fused.matMul (rank-2 inputs). */
export class FusedDense extends FusedLayer {
  static className = 'FusedDense';
  readonly units: number;

  constructor(args: FusedDenseArgs) {
    super(args);
    this.units = args.units;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleShape(inputShape);
    const features = shape[1];
    if (shape.length !== 2 || features == null) {
      throw new Error(`FusedDense '${this.name}': input must be [batch, features] with known features, got ${JSON.stringify(shape)}`);
    }
    this.addKernelAndBias([features, this.units], this.units);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [singleShape(inputShape)[0]!, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = single(inputs) as tf.Tensor2D;
    return activate(this.activation, (activation) =>
      tf.fused.matMul({ a: x, b: this.kernel.read() as tf.Tensor2D, bias: this.bias.read(), activation, leakyreluAlpha: this.leakyreluAlpha }),
    );
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}
serialization.registerClass(FusedDense);

function spatial(shape: tfl.Shape, kernel: Pair, strides: Pair, padding: ConvPadding, dilation: Pair): (number | null)[] {
  return [1, 2].map((axis, i) => {
    const size = shape[axis];
    if (size == null) return null;
    if (padding === 'same') return Math.ceil(size / strides[i]!);
    const padded = padding === 'valid' ? size : size + padding[i]![0] + padding[i]![1];
    const effective = (kernel[i]! - 1) * dilation[i]! + 1;
    return Math.floor((padded - effective) / strides[i]!) + 1;
  });
}
