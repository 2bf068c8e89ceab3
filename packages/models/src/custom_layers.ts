// Keras layers the zoo needs that tfjs-layers 4.22 lacks. Registered with tfjs's serialization
// under Keras's class names, so models using them save and load like any other.
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';

function single<X>(value: X | X[]): X {
  return Array.isArray(value) ? (value[0] as X) : value;
}

export interface NormalizationArgs {
  name?: string;
  /** Feature axis (Keras's default -1: per channel). Only the last axis is supported. */
  axis?: number;
  /** Initial mean/variance (Keras's `mean`, `variance` arguments); default 0 and 1. */
  mean?: number[];
  variance?: number[];
}

/**
 * Keras's Normalization layer (EfficientNet's stem): (x - mean) / max(sqrt(variance), 1e-7).
 * Its weights, as in Keras, are mean, variance and count: 2C + 1 non-trainable parameters,
 * which Keras counts in EfficientNet's parameter totals.
 */
export class Normalization extends tfl.layers.Layer {
  static className = 'Normalization';
  readonly axis: number;
  private readonly initialMean: number[] | undefined;
  private readonly initialVariance: number[] | undefined;
  private mean!: tfl.LayerVariable;
  private variance!: tfl.LayerVariable;

  constructor(args: NormalizationArgs = {}) {
    super(args.name !== undefined ? { name: args.name } : {});
    this.axis = args.axis ?? -1;
    this.initialMean = args.mean;
    this.initialVariance = args.variance;
    this.trainable = false;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const axis = this.axis < 0 ? shape.length + this.axis : this.axis;
    if (axis !== shape.length - 1) {
      throw new Error(`Normalization: axis must be the last axis (-1 or ${shape.length - 1}), got ${this.axis}`);
    }
    const channels = shape[axis];
    if (channels == null) throw new Error(`Normalization: the feature axis must have a known size, got input shape ${JSON.stringify(shape)}`);
    const initial = (values: number[] | undefined, what: string): tf.Tensor | undefined => {
      if (values === undefined) return undefined;
      if (values.length !== channels) {
        throw new Error(`Normalization: ${what} must have ${channels} values (one per channel), got ${values.length}`);
      }
      return tf.tensor1d(values);
    };
    this.mean = this.addWeight('mean', [channels], 'float32', tfl.initializers.zeros(), undefined, false);
    this.variance = this.addWeight('variance', [channels], 'float32', tfl.initializers.ones(), undefined, false);
    const mean = initial(this.initialMean, 'mean');
    const variance = initial(this.initialVariance, 'variance');
    if (mean !== undefined) this.mean.write(mean);
    if (variance !== undefined) this.variance.write(variance);
    mean?.dispose();
    variance?.dispose();
    // Keras keeps the number of samples adapt() saw; it takes no part in the output.
    this.addWeight('count', [], 'float32', tfl.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const std = tf.maximum(tf.sqrt(this.variance.read()), 1e-7);
      return tf.div(tf.sub(x, this.mean.read()), std);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), axis: this.axis };
  }
}
serialization.registerClass(Normalization);

export interface LocalResponseNormalizationArgs {
  name?: string;
  depthRadius?: number;
  bias?: number;
  alpha?: number;
  beta?: number;
}

/**
 * Local response normalization across channels (AlexNet, GoogLeNet), as tf.nn.local_response_normalization:
 * x / (bias + alpha * sum over 2*depthRadius+1 neighbouring channels of x^2)^beta. No weights.
 */
export class LocalResponseNormalization extends tfl.layers.Layer {
  static className = 'LocalResponseNormalization';
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(args: LocalResponseNormalizationArgs = {}) {
    super(args.name !== undefined ? { name: args.name } : {});
    this.depthRadius = args.depthRadius ?? 2;
    this.bias = args.bias ?? 2;
    this.alpha = args.alpha ?? 1e-4;
    this.beta = args.beta ?? 0.75;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.localResponseNormalization(single(inputs) as tf.Tensor4D, this.depthRadius, this.bias, this.alpha, this.beta);
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), depthRadius: this.depthRadius, bias: this.bias, alpha: this.alpha, beta: this.beta };
  }
}
serialization.registerClass(LocalResponseNormalization);
