// SENet's squeeze-and-excitation as one serializable layer: GAP -> Dense(c/r, relu) ->
// Dense(c, sigmoid) -> scale the channels. Its weights are Dense-shaped kernels/biases, so a
// Keras SE built from Dense layers maps onto it one to one.
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import type { ActivationName } from './blocks.js';
import { assertImageShape, LayerArgumentError, positiveInt, singleShape } from './util.js';

/**
 * The activations SqueezeExcite applies itself (it runs tensors, not layers), by their Keras names:
 * the one list of them, checked against tfjs-layers' activation names.
 */
const ACTIVATION_FUNCTIONS = {
  relu: (x: tf.Tensor) => tf.relu(x),
  swish: (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x)),
  sigmoid: (x: tf.Tensor) => tf.sigmoid(x),
  hardSigmoid: (x: tf.Tensor) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
  linear: (x: tf.Tensor) => x,
  relu6: (x: tf.Tensor) => tf.relu6(x),
} satisfies Partial<Record<ActivationName, (x: tf.Tensor) => tf.Tensor>>;

export type SqueezeExciteActivation = keyof typeof ACTIVATION_FUNCTIONS;
const ACTIVATIONS = Object.keys(ACTIVATION_FUNCTIONS) as SqueezeExciteActivation[];

export interface SqueezeExciteArgs extends LayerArgs {
  /** Reduction ratio r: the bottleneck has max(1, floor(channels / r)) units. Default 16 (SENet). */
  ratio?: number;
  /** Bottleneck width, overriding `ratio` (EfficientNet sizes it from the block's input channels). */
  bottleneckUnits?: number;
  /** Activation of the bottleneck. Default 'relu'. */
  activation?: SqueezeExciteActivation;
  /** Activation of the channel gate. Default 'sigmoid'. */
  gateActivation?: SqueezeExciteActivation;
}

export function applyActivation(name: SqueezeExciteActivation, x: tf.Tensor): tf.Tensor {
  return ACTIVATION_FUNCTIONS[name](x);
}

export class SqueezeExcite extends tfl.layers.Layer {
  static className = 'SqueezeExcite';
  readonly ratio: number;
  readonly bottleneckUnits: number | undefined;
  readonly activation: SqueezeExciteActivation;
  readonly gateActivation: SqueezeExciteActivation;
  private reduceKernel?: LayerVariable;
  private reduceBias?: LayerVariable;
  private expandKernel?: LayerVariable;
  private expandBias?: LayerVariable;

  constructor(args: SqueezeExciteArgs = {}) {
    super(args);
    const ratio = args.ratio ?? 16;
    if (typeof ratio !== 'number' || !(ratio > 0)) {
      throw new LayerArgumentError('SqueezeExcite', 'ratio', ratio, 'a positive number');
    }
    this.ratio = ratio;
    this.bottleneckUnits =
      args.bottleneckUnits == null ? undefined : positiveInt('SqueezeExcite', 'bottleneckUnits', args.bottleneckUnits);
    this.activation = checkActivation('activation', args.activation ?? 'relu');
    this.gateActivation = checkActivation('gateActivation', args.gateActivation ?? 'sigmoid');
  }

  /** Units of the bottleneck for `channels` input channels. */
  unitsFor(channels: number): number {
    return this.bottleneckUnits ?? Math.max(1, Math.floor(channels / this.ratio));
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(inputShape);
    assertImageShape('SqueezeExcite', shape);
    const channels = shape[3] as number;
    const units = this.unitsFor(channels);
    const glorot = tfl.initializers.glorotUniform({});
    const zeros = tfl.initializers.zeros();
    this.reduceKernel = this.addWeight('reduce/kernel', [channels, units], 'float32', glorot);
    this.reduceBias = this.addWeight('reduce/bias', [units], 'float32', zeros);
    this.expandKernel = this.addWeight('expand/kernel', [units, channels], 'float32', glorot);
    this.expandBias = this.addWeight('expand/bias', [channels], 'float32', zeros);
    this.inputSpec = [{ ndim: 4, axes: { [3]: channels } }];
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return singleShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const squeezed = tf.mean(x, [1, 2]) as tf.Tensor2D;
      const hidden = applyActivation(
        this.activation,
        tf.add(tf.matMul(squeezed, this.reduceKernel!.read() as tf.Tensor2D), this.reduceBias!.read()),
      ) as tf.Tensor2D;
      const gate = applyActivation(
        this.gateActivation,
        tf.add(tf.matMul(hidden, this.expandKernel!.read() as tf.Tensor2D), this.expandBias!.read()),
      );
      const [n, , , c] = x.shape;
      return tf.mul(x, tf.reshape(gate, [n, 1, 1, c]));
    });
  }

  override getConfig(): serialization.ConfigDict {
    const config: serialization.ConfigDict = {
      ...super.getConfig(),
      ratio: this.ratio,
      activation: this.activation,
      gateActivation: this.gateActivation,
    };
    if (this.bottleneckUnits != null) config['bottleneckUnits'] = this.bottleneckUnits;
    return config;
  }
}
serialization.registerClass(SqueezeExcite);

function checkActivation(argument: string, value: unknown): SqueezeExciteActivation {
  if (typeof value !== 'string' || !(ACTIVATIONS as readonly string[]).includes(value)) {
    throw new LayerArgumentError('SqueezeExcite', argument, value, `one of ${ACTIVATIONS.join(', ')}`);
  }
  return value as SqueezeExciteActivation;
}

export const squeezeExciteLayer = (args: SqueezeExciteArgs = {}) => new SqueezeExcite(args);
