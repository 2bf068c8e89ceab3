// Pooling tfjs-layers lacks: pooling across channels (depth pooling) and global pooling that
// keeps the spatial axes (Keras's `keepdims`, used by SE blocks and fully-convolutional heads).
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type {
  GlobalAveragePooling2D as TfGlobalAveragePooling2DType,
  GlobalMaxPooling2D as TfGlobalMaxPooling2DType,
  GlobalPooling2DLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/pooling.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { LayerArgumentError, assertImageShape, positiveInt, registeredClass, singleShape } from './util.js';

export interface DepthPooling2DArgs extends LayerArgs {
  /** Number of consecutive channels pooled into one; must divide the input channels. */
  poolSize: number;
}

/**
 * Pools groups of `poolSize` consecutive channels into one, like
 * `tf.nn.max_pool(x, ksize=(1, 1, 1, p), strides=(1, 1, 1, p), padding='VALID')`. Channels must be
 * divisible by poolSize (Keras's own depth pooling refuses a ragged last group too).
 */
abstract class DepthPooling2D extends tfl.layers.Layer {
  readonly poolSize: number;

  constructor(args: DepthPooling2DArgs) {
    super(args);
    this.poolSize = positiveInt(this.getClassName(), 'poolSize', args?.poolSize);
  }

  protected abstract reduce(x: tf.Tensor, axis: number): tf.Tensor;

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(inputShape);
    assertImageShape(this.getClassName(), shape);
    this.checkDivisible(shape[3] as number);
    this.built = true;
  }

  private checkDivisible(channels: number): void {
    if (channels % this.poolSize !== 0) {
      throw new LayerArgumentError(
        this.getClassName(),
        'poolSize',
        this.poolSize,
        `a divisor of the input channels (${channels} channels)`,
      );
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape);
    assertImageShape(this.getClassName(), shape);
    this.checkDivisible(shape[3] as number);
    return [shape[0] ?? null, shape[1] ?? null, shape[2] ?? null, (shape[3] as number) / this.poolSize];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (x.rank !== 4) throw new LayerArgumentError(this.getClassName(), 'input rank', x.rank, '4');
      const [n, h, w, c] = x.shape as [number, number, number, number];
      this.checkDivisible(c);
      return this.reduce(tf.reshape(x, [n, h, w, c / this.poolSize, this.poolSize]), 4);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), poolSize: this.poolSize };
  }
}

export class DepthMaxPooling2D extends DepthPooling2D {
  static className = 'DepthMaxPooling2D';
  protected reduce(x: tf.Tensor, axis: number): tf.Tensor {
    return tf.max(x, axis);
  }
}
serialization.registerClass(DepthMaxPooling2D);

export class DepthAvgPooling2D extends DepthPooling2D {
  static className = 'DepthAvgPooling2D';
  protected reduce(x: tf.Tensor, axis: number): tf.Tensor {
    return tf.mean(x, axis);
  }
}
serialization.registerClass(DepthAvgPooling2D);

export interface GlobalPooling2DArgs extends GlobalPooling2DLayerArgs {
  /** Keep the pooled spatial axes as size 1 ([n, 1, 1, c]), as Keras's `keepdims=True`. */
  keepdims?: boolean;
}

function keepdimsShape(dataFormat: string, inputShape: Shape, pooled: Shape): Shape {
  return dataFormat === 'channelsFirst'
    ? [pooled[0] ?? null, pooled[1] ?? null, 1, 1]
    : [pooled[0] ?? null, 1, 1, inputShape[3] ?? null];
}

const TfGlobalAveragePooling2D = registeredClass<typeof TfGlobalAveragePooling2DType>('GlobalAveragePooling2D');
const TfGlobalMaxPooling2D = registeredClass<typeof TfGlobalMaxPooling2DType>('GlobalMaxPooling2D');

/**
 * Keras's GlobalAveragePooling2D with `keepdims`. Registered over tfjs's class (a superset of it)
 * so Keras model.json files that set keepdims load. GlobalMaxPooling2D below repeats it with
 * tf.max by design: each extends its own tfjs class, and a shared mixin cannot be exported (the
 * declaration of an anonymous class may not carry tfjs's protected members).
 */
export class GlobalAveragePooling2D extends TfGlobalAveragePooling2D {
  static override className = 'GlobalAveragePooling2D';
  readonly keepdims: boolean;
  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape);
    const pooled = super.computeOutputShape(shape) as Shape;
    return this.keepdims ? keepdimsShape(this.dataFormat, shape, pooled) : pooled;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axes = this.dataFormat === 'channelsFirst' ? [2, 3] : [1, 2];
      return this.keepdims ? tf.mean(x, axes, true) : (super.call(x, kwargs) as tf.Tensor);
    });
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}
serialization.registerClass(GlobalAveragePooling2D);

/** Keras's GlobalMaxPooling2D with `keepdims` (registered over tfjs's, as above). */
export class GlobalMaxPooling2D extends TfGlobalMaxPooling2D {
  static override className = 'GlobalMaxPooling2D';
  readonly keepdims: boolean;
  constructor(args: GlobalPooling2DArgs = {}) {
    super(args);
    this.keepdims = args.keepdims ?? false;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape);
    const pooled = super.computeOutputShape(shape) as Shape;
    return this.keepdims ? keepdimsShape(this.dataFormat, shape, pooled) : pooled;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const axes = this.dataFormat === 'channelsFirst' ? [2, 3] : [1, 2];
      return this.keepdims ? tf.max(x, axes, true) : (super.call(x, kwargs) as tf.Tensor);
    });
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), keepdims: this.keepdims };
  }
}
serialization.registerClass(GlobalMaxPooling2D);

export const depthMaxPooling2d = (args: DepthPooling2DArgs) => new DepthMaxPooling2D(args);
export const depthAvgPooling2d = (args: DepthPooling2DArgs) => new DepthAvgPooling2D(args);
export const globalAveragePooling2d = (args: GlobalPooling2DArgs = {}) => new GlobalAveragePooling2D(args);
export const globalMaxPooling2d = (args: GlobalPooling2DArgs = {}) => new GlobalMaxPooling2D(args);
