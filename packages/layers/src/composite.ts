// Composite layers: each block function also as one serializable layer (the textbook's
// `class ResidualUnit(keras.layers.Layer)` style), for users who want a block as a single layer
// in a Sequential model. The model zoo builds from the block functions instead: a composite's
// weights are named '<layer>/<inner layer>/kernel', not as Keras Applications name them.
//
// A composite wires its block function on a symbolic input at build time and then runs that
// small graph itself, passing `training` to every inner layer: tfjs's nested-model path
// (Container.call) drops kwargs, which would leave BatchNormalization and Dropout in inference mode.
//
// The classes below repeat one short pattern by design: serialization needs a registered class per
// block, and each lists the options it saves and checks them with a dry run of its block.
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerVariable, Shape, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import {
  type BottleneckUnitOptions,
  bottleneckUnit,
  type DenseBlockOptions,
  denseBlock,
  type InceptionModuleOptions,
  inceptionModule,
  type InvertedResidualOptions,
  invertedResidual,
  type MBConvOptions,
  mbConv,
  type ResidualUnitOptions,
  residualUnit,
  type TransitionBlockOptions,
  transitionBlock,
  type XceptionBlockOptions,
  xceptionBlock,
} from './blocks.js';
import { assertImageShape, singleShape } from './util.js';

/** Options of a block, minus its naming (a composite names its inner layers itself). */
type BlockConfig<T> = Omit<T, 'name' | 'kernelInitializer'>;

interface GraphStep {
  output: SymbolicTensor;
  layer: tfl.layers.Layer;
  inputs: SymbolicTensor[];
  callArgs: Kwargs;
}

export abstract class CompositeLayer<Options extends object> extends tfl.layers.Layer {
  readonly options: Options;
  private graphInput?: SymbolicTensor;
  private steps: GraphStep[] = [];
  private innerLayers: tfl.layers.Layer[] = [];

  constructor(args: LayerArgs & Options, optionKeys: readonly (keyof Options)[]) {
    super(args);
    const options: Partial<Options> = {};
    for (const key of optionKeys) {
      if (args[key] !== undefined) options[key] = args[key];
    }
    this.options = options as Options;
    // Check the options now rather than at first call.
    this.validate();
  }

  /** Wire the block function on `x`; inner layers must be named from `prefix` so weights are unique. */
  protected abstract wire(x: SymbolicTensor, prefix: string): SymbolicTensor;

  /** Argument checks that do not need the input shape (the block function checks the rest at build). */
  protected validate(): void {}

  override build(inputShape: Shape | Shape[]): void {
    const shape = singleShape(inputShape);
    assertImageShape(this.getClassName(), shape);
    // Inner layers are built here, inside this layer's name scope, so their variables are named
    // '<this layer>/<inner layer>/<weight>' and stay unique within a model.
    // Explicit names everywhere: auto-names would advance tfjs's global counters (conv2d_1, ...)
    // and shift the names of the user's own layers.
    this.graphInput = tfl.input({ batchShape: [null, ...shape.slice(1)], name: `${this.name}_input` });
    const output = this.wire(this.graphInput, 'block');
    this.steps = [];
    const seen = new Set<number>();
    const visit = (t: SymbolicTensor): void => {
      if (t === this.graphInput || seen.has(t.id)) return;
      seen.add(t.id);
      const inputs = t.inputs ?? [];
      for (const i of inputs) visit(i);
      this.steps.push({ output: t, layer: t.sourceLayer as tfl.layers.Layer, inputs, callArgs: t.callArgs ?? {} });
    };
    visit(output);
    this.innerLayers = [...new Set(this.steps.map((s) => s.layer))];
    this.built = true;
  }

  override get trainableWeights(): LayerVariable[] {
    return this.trainable ? this.innerLayers.flatMap((l) => l.trainableWeights) : [];
  }

  override set trainableWeights(_weights: LayerVariable[]) {
    throw new Error(`${this.getClassName()}: weights belong to the inner layers and cannot be replaced`);
  }

  override get nonTrainableWeights(): LayerVariable[] {
    return this.trainable
      ? this.innerLayers.flatMap((l) => l.nonTrainableWeights)
      : this.innerLayers.flatMap((l) => l.weights);
  }

  override set nonTrainableWeights(_weights: LayerVariable[]) {
    throw new Error(`${this.getClassName()}: weights belong to the inner layers and cannot be replaced`);
  }

  /** The wired block: its symbolic input and the steps that run it, in order (used by `summary`). */
  get graph(): { input: SymbolicTensor; steps: readonly { layer: tfl.layers.Layer; inputs: SymbolicTensor[]; output: SymbolicTensor }[] } {
    if (this.graphInput == null) throw new Error(`${this.getClassName()} '${this.name}' is not built yet`);
    return { input: this.graphInput, steps: this.steps };
  }

  /** The inner layers, in execution order (for inspection and for `summary`). */
  get layers(): tfl.layers.Layer[] {
    return this.innerLayers;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const shape = singleShape(inputShape);
    if (!this.built) this.build(shape);
    const shapes = new Map<number, Shape>();
    for (const step of this.steps) {
      const ins = step.inputs.map((t) => (t === this.graphInput ? shape : (shapes.get(t.id) as Shape)));
      shapes.set(step.output.id, step.layer.computeOutputShape(ins.length === 1 ? ins[0]! : ins) as Shape);
    }
    return shapes.get(this.steps[this.steps.length - 1]!.output.id) as Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const values = new Map<number, tf.Tensor>();
      for (const step of this.steps) {
        const ins = step.inputs.map((t) => (t === this.graphInput ? x : (values.get(t.id) as tf.Tensor)));
        const out = step.layer.apply(ins.length === 1 ? ins[0]! : ins, { ...step.callArgs, ...kwargs }) as tf.Tensor;
        values.set(step.output.id, out);
      }
      return values.get(this.steps[this.steps.length - 1]!.output.id) as tf.Tensor;
    });
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), ...(this.options as serialization.ConfigDict) };
  }
}

/**
 * Wire a block on a throwaway symbolic input with `channels` channels, so that bad options throw
 * at construction, then dispose the variables that wiring created.
 */
function dryRun(wire: (x: SymbolicTensor, prefix: string) => SymbolicTensor, channels: number): void {
  const x = tfl.input({ batchShape: [null, 8, 8, channels], name: 'dry_run_input' });
  const out = wire(x, 'dry_run');
  const layers = new Set<tfl.layers.Layer>();
  const visit = (t: SymbolicTensor) => {
    if (t === x) return;
    layers.add(t.sourceLayer as tfl.layers.Layer);
    for (const i of t.inputs ?? []) visit(i);
  };
  visit(out);
  for (const l of layers) l.dispose();
}

export type ResidualUnitArgs = LayerArgs & BlockConfig<ResidualUnitOptions>;
/** The textbook's ResNet-34 residual unit as one layer (see `residualUnit`). */
export class ResidualUnit extends CompositeLayer<BlockConfig<ResidualUnitOptions>> {
  static className = 'ResidualUnit';
  constructor(args: ResidualUnitArgs) {
    super(args, ['filters', 'strides', 'activation', 'epsilon']);
  }
  protected override validate(): void {
    dryRun((x, p) => this.wire(x, p), 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return residualUnit(x, { ...this.options, name: prefix });
  }
}
serialization.registerClass(ResidualUnit);

export type BottleneckUnitArgs = LayerArgs & BlockConfig<BottleneckUnitOptions>;
/** ResNet-50's bottleneck unit (optional ResNeXt groups and SE) as one layer (see `bottleneckUnit`). */
export class BottleneckUnit extends CompositeLayer<BlockConfig<BottleneckUnitOptions>> {
  static className = 'BottleneckUnit';
  constructor(args: BottleneckUnitArgs) {
    super(args, ['filters', 'strides', 'strideOn', 'kernelSize', 'groups', 'dilationRate', 'width', 'expansion', 'convShortcut', 'seRatio', 'useBias', 'epsilon']);
  }
  protected override validate(): void {
    // A projection shortcut accepts any input channels, so the dry run can use 1.
    if (this.options.convShortcut !== false) dryRun((x, p) => bottleneckUnit(x, { ...this.options, convShortcut: true, name: p }), 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return bottleneckUnit(x, { ...this.options, name: prefix });
  }
}
serialization.registerClass(BottleneckUnit);

export type InceptionModuleArgs = LayerArgs & BlockConfig<InceptionModuleOptions>;
/** GoogLeNet's inception module as one layer (see `inceptionModule`). */
export class InceptionModule extends CompositeLayer<BlockConfig<InceptionModuleOptions>> {
  static className = 'InceptionModule';
  constructor(args: InceptionModuleArgs) {
    super(args, ['filters1x1', 'filters3x3Reduce', 'filters3x3', 'filters5x5Reduce', 'filters5x5', 'filtersPoolProj', 'batchNorm']);
  }
  protected override validate(): void {
    dryRun((x, p) => this.wire(x, p), 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return inceptionModule(x, { ...this.options, name: prefix });
  }
}
serialization.registerClass(InceptionModule);

export type DenseBlockArgs = LayerArgs & BlockConfig<DenseBlockOptions>;
/** DenseNet's dense block as one layer (see `denseBlock`). */
export class DenseBlock extends CompositeLayer<BlockConfig<DenseBlockOptions>> {
  static className = 'DenseBlock';
  constructor(args: DenseBlockArgs) {
    super(args, ['blocks', 'growthRate']);
  }
  protected override validate(): void {
    // One conv block checks growthRate; blocks itself is checked without wiring them all.
    dryRun((x, p) => denseBlock(x, { ...this.options, blocks: Number.isInteger(this.options.blocks) && this.options.blocks > 0 ? 1 : this.options.blocks, name: p }), 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return denseBlock(x, { ...this.options, name: prefix });
  }
}
serialization.registerClass(DenseBlock);

export type TransitionArgs = LayerArgs & BlockConfig<TransitionBlockOptions>;
/** DenseNet's transition (BN-relu-1x1 conv-2x2 avg pool) as one layer (see `transitionBlock`). */
export class Transition extends CompositeLayer<BlockConfig<TransitionBlockOptions>> {
  static className = 'Transition';
  constructor(args: TransitionArgs = {}) {
    super(args, ['reduction']);
  }
  protected override validate(): void {
    dryRun((x, p) => this.wire(x, p), 2);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return transitionBlock(x, { ...this.options, name: prefix });
  }
}
serialization.registerClass(Transition);

export type InvertedResidualArgs = LayerArgs & BlockConfig<InvertedResidualOptions>;
/** MobileNetV2's inverted residual as one layer (see `invertedResidual`). */
export class InvertedResidual extends CompositeLayer<BlockConfig<InvertedResidualOptions>> {
  static className = 'InvertedResidual';
  constructor(args: InvertedResidualArgs) {
    super(args, ['filters', 'expansion', 'strides', 'dilationRate', 'alpha']);
  }
  protected override validate(): void {
    dryRun((x, p) => this.wire(x, p), 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return invertedResidual(x, { ...this.options, name: `${prefix}_` });
  }
}
serialization.registerClass(InvertedResidual);

export type MBConvArgs = LayerArgs & BlockConfig<MBConvOptions>;
/** EfficientNet's MBConv (SE, stochastic depth) as one layer (see `mbConv`). */
export class MBConv extends CompositeLayer<BlockConfig<MBConvOptions>> {
  static className = 'MBConv';
  constructor(args: MBConvArgs) {
    super(args, ['filtersOut', 'kernelSize', 'strides', 'expandRatio', 'seRatio', 'idSkip', 'dropRate', 'activation']);
  }
  protected override validate(): void {
    dryRun((x, p) => this.wire(x, p), 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return mbConv(x, { ...this.options, name: `${prefix}_` });
  }
}
serialization.registerClass(MBConv);

export type XceptionBlockArgs = LayerArgs & Omit<XceptionBlockOptions, 'name' | 'shortcutConvName' | 'shortcutBnName' | 'addName'>;
/** An Xception block as one layer (see `xceptionBlock`). */
export class XceptionBlock extends CompositeLayer<Omit<XceptionBlockOptions, 'name' | 'shortcutConvName' | 'shortcutBnName' | 'addName'>> {
  static className = 'XceptionBlock';
  constructor(args: XceptionBlockArgs) {
    super(args, ['filters', 'repeats', 'strides', 'reluFirst']);
  }
  protected override validate(): void {
    const filters = this.options.filters;
    const last = Array.isArray(filters) ? filters[filters.length - 1] : filters;
    dryRun((x, p) => this.wire(x, p), typeof last === 'number' && last > 0 ? last : 1);
  }
  protected wire(x: SymbolicTensor, prefix: string): SymbolicTensor {
    return xceptionBlock(x, {
      ...this.options,
      name: prefix,
      shortcutConvName: `${prefix}_shortcut_conv`,
      shortcutBnName: `${prefix}_shortcut_bn`,
      addName: `${prefix}_add`,
    });
  }
}
serialization.registerClass(XceptionBlock);
