// Convolutions tfjs-layers 4.22 gets wrong or lacks, as subclasses of its own classes so that
// everything else (initializers, regularizers, fused bias+activation, serialization) stays tfjs's.
//
// Both classes keep Keras's class names ('Conv2D', 'DepthwiseConv2D') and are registered over
// tfjs's: a Keras model.json that uses `groups` or a dilated depthwise conv then loads through
// tf.loadLayersModel. With groups = 1 / dilation 1 they delegate to tfjs's code unchanged.
//
// Dilated (atrous) convolutions train: tfjs 4.22's Conv2D and DepthwiseConv2dNative gradients
// reject dilations > 1, so while a gradient is recorded a dilated conv runs as TensorFlow's
// atrous_conv2d does (space-to-batch, an undilated conv, batch-to-space), whose gradients tfjs
// has. Inference keeps the backend's own dilated kernel.
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import type { LayerVariable, Shape } from '@tensorflow/tfjs-layers';
import type {
  ConvLayerArgs,
  Conv2D as TfConv2DType,
  SeparableConv2D as TfSeparableConv2DType,
} from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import type {
  DepthwiseConv2D as TfDepthwiseConv2DType,
  DepthwiseConv2DLayerArgs,
} from '@tensorflow/tfjs-layers/dist/layers/convolutional_depthwise.js';
import '@tensorflow/tfjs-layers';
import { GROUPED_CONV2D } from '@foveajs/core';
import { convOutputLength, LayerArgumentError, positiveInt, registeredClass, singleShape } from './util.js';

/** Whether a gradient is being recorded (tf.grad, optimizer.minimize, model.fit). */
function recordingGradient(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/**
 * A stride-1 conv2d or depthwise conv2d with dilations > 1 as space-to-batch → undilated 'valid'
 * conv → batch-to-space (TensorFlow's with_space_to_batch): the same function, built from ops
 * whose gradients tfjs implements. Each of the rate² phases of the padded input is convolved
 * densely; the extra bottom/right rows that make the padded size a multiple of the rate are cropped.
 */
export function atrousConv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  padding: 'same' | 'valid',
  dilations: [number, number],
  depthwise: boolean,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, height, width] = x.shape;
    const [kh, kw] = kernel.shape;
    const pads = ([height, width] as const).map((size, axis) => {
      const rate = dilations[axis]!;
      const total = padding === 'same' ? ((axis === 0 ? kh : kw) - 1) * rate : 0;
      const before = Math.floor(total / 2);
      const extra = (rate - ((size + total) % rate)) % rate;
      return { before, after: total - before + extra, extra };
    });
    const phases = tf.spaceToBatchND(x, dilations, pads.map((p) => [p.before, p.after])) as tf.Tensor4D;
    const y = depthwise ? tf.depthwiseConv2d(phases, kernel, 1, 'valid') : tf.conv2d(phases, kernel, 1, 'valid');
    return tf.batchToSpaceND(y, dilations, pads.map((p) => [0, p.extra])) as tf.Tensor4D;
  });
}

function isDilated(dilations: [number, number]): boolean {
  return dilations[0] > 1 || dilations[1] > 1;
}

/** tf.conv2d / tf.depthwiseConv2d, through atrousConv2d when dilated and a gradient is recorded. */
function convolve(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  strides: [number, number],
  padding: 'same' | 'valid',
  dilations: [number, number],
  depthwise: boolean,
): tf.Tensor4D {
  if (isDilated(dilations) && strides[0] === 1 && strides[1] === 1 && recordingGradient()) return atrousConv2d(x, kernel, padding, dilations, depthwise);
  return depthwise
    ? tf.depthwiseConv2d(x, kernel, strides, padding, 'NHWC', dilations)
    : tf.conv2d(x, kernel, strides, padding, 'NHWC', dilations);
}

export const TfConv2D = registeredClass<typeof TfConv2DType>('Conv2D');
export const TfDepthwiseConv2D = registeredClass<typeof TfDepthwiseConv2DType>('DepthwiseConv2D');
export const TfSeparableConv2D = registeredClass<typeof TfSeparableConv2DType>('SeparableConv2D');

export interface Conv2DArgs extends ConvLayerArgs {
  /**
   * Split the input channels into `groups` groups, each convolved with its own filters/groups
   * filters (ResNeXt, AlexNet). The kernel has Keras's shape [kh, kw, channels/groups, filters].
   */
  groups?: number;
}

/** Keras's Conv2D, with `groups`. */
export class Conv2D extends TfConv2D {
  static override className = 'Conv2D';
  readonly groups: number;

  constructor(args: Conv2DArgs) {
    super(args);
    this.groups = positiveInt('Conv2D', 'groups', args.groups ?? 1);
    if (this.filters % this.groups !== 0) {
      throw new LayerArgumentError('Conv2D', 'groups', this.groups, `a divisor of filters (${this.filters})`);
    }
    if (this.groups > 1 && this.dataFormat !== 'channelsLast') {
      throw new LayerArgumentError('Conv2D', 'dataFormat', this.dataFormat, "'channelsLast' when groups > 1");
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    if (this.groups === 1) {
      super.build(inputShape);
      return;
    }
    const shape = singleShape(inputShape);
    if (shape.length !== 4) {
      throw new LayerArgumentError('Conv2D', 'input rank', shape.length, `4 (input shape ${JSON.stringify(shape)})`);
    }
    const channels = shape[3];
    if (channels == null || channels % this.groups !== 0) {
      throw new LayerArgumentError('Conv2D', 'groups', this.groups, `a divisor of the input channels (${channels})`);
    }
    this.kernel = this.addWeight(
      'kernel',
      [...this.kernelSize, channels / this.groups, this.filters],
      'float32',
      this.kernelInitializer,
      this.kernelRegularizer,
      true,
      this.kernelConstraint,
    );
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.filters], 'float32', this.biasInitializer, this.biasRegularizer, true, this.biasConstraint);
    }
    this.inputSpec = [{ ndim: 4, axes: { [3]: channels } }];
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const dilatedTraining = isDilated(this.dilationRate as [number, number]) && recordingGradient();
    if (this.groups === 1 && !dilatedTraining) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const kernel = this.kernel!.read() as tf.Tensor4D;
      const strides = this.strides as [number, number];
      const dilations = this.dilationRate as [number, number];
      const channels = x.shape[3];
      const padding = this.padding as 'same' | 'valid';
      let y: tf.Tensor4D;
      if (this.groups === 1) {
        y = convolve(x, kernel, strides, padding, dilations, false);
      } else if (this.groups === channels) {
        // One input channel per group is a depthwise conv with multiplier filters/groups; the
        // Keras kernel [kh, kw, 1, C*m] orders outputs c*m + j, exactly as depthwiseConv2d does.
        const [kh, kw] = this.kernelSize as [number, number];
        const depthwiseKernel = tf.reshape(kernel, [kh, kw, channels, this.filters / channels]) as tf.Tensor4D;
        y = convolve(x, depthwiseKernel, strides, padding, dilations, true);
      } else if (!recordingGradient() && tf.getKernel(GROUPED_CONV2D, tf.getBackend()) !== undefined) {
        // fovea-wasm's grouped kernel: one pass, no split or concat copies (it has no gradient,
        // so training takes the split path below).
        y = tf.engine().runKernel(GROUPED_CONV2D, { x, filter: kernel }, {
          strides, pad: this.padding, dilations, groups: this.groups,
        } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
      } else {
        // tfjs-core has no grouped conv2d: convolve each channel group with its filter group.
        const xs = tf.split(x, this.groups, 3);
        const ks = tf.split(kernel, this.groups, 3);
        y = tf.concat(
          xs.map((xg, g) => convolve(xg as tf.Tensor4D, ks[g] as tf.Tensor4D, strides, padding, dilations, false)),
          3,
        ) as tf.Tensor4D;
      }
      if (this.bias != null) y = tf.add(y, this.bias.read());
      return this.activation != null ? this.activation.apply(y) : y;
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups };
  }
}
serialization.registerClass(Conv2D);

/**
 * Keras's DepthwiseConv2D. tfjs 4.22 accepts and saves `dilationRate` but ignores it in call()
 * and in the output shape, silently computing a different function from Keras; this one applies it.
 */
export class DepthwiseConv2D extends TfDepthwiseConv2D {
  static override className = 'DepthwiseConv2D';

  constructor(args: DepthwiseConv2DLayerArgs) {
    super(args);
    const [dh, dw] = this.dilationRate as [number, number];
    positiveInt('DepthwiseConv2D', 'dilationRate', dh);
    positiveInt('DepthwiseConv2D', 'dilationRate', dw);
    const [sh, sw] = this.strides as [number, number];
    if ((dh > 1 || dw > 1) && (sh > 1 || sw > 1)) {
      throw new LayerArgumentError('DepthwiseConv2D', 'strides', this.strides, 'all 1 when dilationRate > 1 (as in Keras)');
    }
  }

  // One path, dilated or not: it passes the layer's dilationRate to the kernel, where tfjs's call
  // passes null whatever the layer's dilationRate.
  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      let y: tf.Tensor = convolve(
        x,
        this.privateFields.depthwiseKernel.read() as tf.Tensor4D,
        this.strides as [number, number],
        this.padding as 'same' | 'valid',
        this.dilationRate as [number, number],
        true,
      );
      if (this.bias != null) y = tf.add(y, this.bias.read());
      return this.activation != null ? this.activation.apply(y) : y;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const shape = singleShape(inputShape);
    const [kh, kw] = this.kernelSize as [number, number];
    const [sh, sw] = this.strides as [number, number];
    const [dh, dw] = this.dilationRate as [number, number];
    const padding = this.padding as 'same' | 'valid';
    const channels = shape[3] == null ? null : (shape[3] as number) * this.depthMultiplierValue;
    return [shape[0] ?? null, convOutputLength(shape[1] ?? null, kh, padding, sh, dh), convOutputLength(shape[2] ?? null, kw, padding, sw, dw), channels];
  }

  private get depthMultiplierValue(): number {
    return this.privateFields.depthMultiplier;
  }

  /** tfjs declares these private; they are plain fields at run time. */
  private get privateFields(): { depthwiseKernel: LayerVariable; depthMultiplier: number } {
    return this as unknown as { depthwiseKernel: LayerVariable; depthMultiplier: number };
  }
}
serialization.registerClass(DepthwiseConv2D);

/** Factory in tfjs's style: `conv2d({filters, kernelSize, groups})`. */
export function conv2d(args: Conv2DArgs): Conv2D {
  return new Conv2D(args);
}

export function depthwiseConv2d(args: DepthwiseConv2DLayerArgs): DepthwiseConv2D {
  return new DepthwiseConv2D(args);
}
