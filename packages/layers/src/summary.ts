// A model summary with the numbers a CNN designer needs and tfjs's model.summary() lacks:
// multiply-accumulates, activation memory for a batch, memory for inference and for training, and
// each layer's receptive field on the input.
//
// Conventions (documented in the README):
// - macs: multiply-accumulates per instance of the weight layers (conv, depthwise, separable, dense,
//   SE's matmuls); elementwise layers (BN, activations, add, multiply, pooling) count 0.
// - activationBytes: bytes of the layer's output for the whole batch; ...PerInstance for one.
// - inferenceBytes: weights + the peak of live activations over the forward pass for the batch
//   (a tensor is freed after its last consumer: "two consecutive layers" for a plain stack).
// - trainingBytes: weights + gradients + optimizer state + every activation of the forward pass
//   (kept for backprop), for the batch.
// - receptiveField, per axis [height, width], in input pixels: size, jump (input pixels between
//   adjacent outputs) and start (centre of the first output's field; input pixel i has centre i + 0.5).
//   Global pooling, flatten and SE see the whole input; size is null where that extent is unknown.
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { CompositeLayer } from './composite.js';
import { LayerArgumentError } from './util.js';
import { describeValue } from '@foveajs/core';

export type SummaryDtype = 'float32' | 'float16' | 'bfloat16' | 'int32' | 'int8' | 'uint8';
const DTYPE_BYTES: Record<SummaryDtype, number> = { float32: 4, float16: 2, bfloat16: 2, int32: 4, int8: 1, uint8: 1 };

/** Optimizer slots per trainable parameter (Adam keeps m and v; momentum one velocity; ...). */
const OPTIMIZER_SLOTS = { sgd: 0, momentum: 1, adagrad: 1, rmsprop: 2, adadelta: 2, adam: 2, adamax: 2 } as const;
export type OptimizerName = keyof typeof OPTIMIZER_SLOTS;

export interface TrainingMemoryOptions {
  /** Optimizer whose state is counted. Default 'adam'. */
  optimizer?: OptimizerName;
  /** Override: state tensors per trainable parameter. */
  optimizerSlots?: number;
}

export interface SummaryOptions {
  /** Instances per batch for the byte figures. Default 1. */
  batchSize?: number;
  /** Element type of activations, weights, gradients and optimizer state. Default 'float32'. */
  dtype?: SummaryDtype;
  /**
   * How training memory is counted: the optimizer whose state is kept (default Adam). `true` or
   * `false` keep the default; trainingBytes is always reported.
   */
  training?: boolean | TrainingMemoryOptions;
}

export interface ReceptiveField {
  size: [number | null, number | null];
  jump: [number, number];
  start: [number, number];
}

export interface LayerSummary {
  name: string;
  className: string;
  outputShape: Shape | Shape[];
  params: number;
  macs: number;
  activationBytes: number;
  activationBytesPerInstance: number;
  receptiveField: ReceptiveField | null;
  /** Inner layers of a composite layer or nested model. */
  children?: LayerSummary[];
}

export interface ModelSummary {
  layers: LayerSummary[];
  totals: {
    params: number;
    trainableParams: number;
    macs: number;
    /** Sum of every layer's output for one instance (what training keeps for backprop). */
    activationBytesPerInstance: number;
    /** Peak of live activations for one instance during inference (input included). */
    peakActivationBytesPerInstance: number;
    weightBytes: number;
    gradientBytes: number;
    optimizerBytes: number;
    inferenceBytes: number;
    trainingBytes: number;
  };
  batchSize: number;
  dtype: SummaryDtype;
}

interface Step {
  layer: tfl.layers.Layer;
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
}

/** What the summary tracks per symbolic tensor: its receptive field and spatial extent. */
interface TensorGeometry {
  rf: ReceptiveField | null;
  /** Spatial extent [h, w] of this tensor, when it is an image (rank 4). */
  spatial: [number | null, number | null] | null;
}

interface WalkResult {
  rows: LayerSummary[];
  macs: number;
  activationBytesPerInstance: number;
  /** Peak live bytes while running the graph, excluding its inputs. */
  peakBytesPerInstance: number;
  outputs: Map<number, TensorGeometry>;
}

const SAME_SIZE_WITH_GLOBAL_CONTEXT = new Set(['SqueezeExcite']);

function product(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((p, d) => p * (d ?? 0), 1);
}

function elementsPerInstance(shape: Shape): number {
  return product(shape.slice(1));
}

function pair(value: unknown, fallback: number): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length >= 2) return [Number(value[0]), Number(value[1])];
  if (Array.isArray(value) && value.length === 1) return [Number(value[0]), Number(value[0])];
  return [fallback, fallback];
}

/** The steps of a functional model, in execution order. */
function modelSteps(model: tfl.LayersModel): { inputs: SymbolicTensor[]; steps: Step[] } {
  let inner = model;
  if (model instanceof tfl.Sequential) {
    // A Sequential runs through a functional model it creates on build (lazily, at first predict).
    const sequential = model as unknown as { model?: tfl.LayersModel; build(shape?: Shape): void };
    if (sequential.model == null) {
      if (model.inputs.length === 0) throw new LayerArgumentError('summary', 'model', model.name, 'a Sequential model with a known input shape');
      sequential.build(model.inputs[0]!.shape);
    }
    inner = sequential.model!;
  }
  const container = inner as unknown as { nodesByDepth: Record<string, { outboundLayer: tfl.layers.Layer; inputTensors: SymbolicTensor[]; outputTensors: SymbolicTensor[] }[]> };
  const depths = Object.keys(container.nodesByDepth)
    .map(Number)
    .sort((a, b) => b - a);
  const steps: Step[] = [];
  for (const depth of depths) {
    for (const node of container.nodesByDepth[String(depth)] ?? []) {
      if (node.outboundLayer instanceof tfl.layers.Layer && node.outboundLayer.getClassName() === 'InputLayer') continue;
      steps.push({ layer: node.outboundLayer, inputs: node.inputTensors, outputs: node.outputTensors });
    }
  }
  return { inputs: inner.inputs, steps };
}

function compositeSteps(layer: CompositeLayer<object>): { inputs: SymbolicTensor[]; steps: Step[] } {
  const graph = layer.graph;
  return { inputs: [graph.input], steps: graph.steps.map((s) => ({ layer: s.layer, inputs: s.inputs, outputs: [s.output] })) };
}

function nestedGraph(layer: tfl.layers.Layer): { inputs: SymbolicTensor[]; steps: Step[] } | null {
  if (layer instanceof CompositeLayer) return compositeSteps(layer);
  if (layer instanceof tfl.LayersModel) return modelSteps(layer);
  return null;
}

/** Multiply-accumulates per instance of one (non-nested) layer. */
function leafMacs(layer: tfl.layers.Layer, inShape: Shape, outShape: Shape): number {
  const cls = layer.getClassName();
  const config = layer.getConfig();
  const channelsFirst = config['dataFormat'] === 'channelsFirst';
  const channelsIn = (channelsFirst ? inShape[1] : inShape[inShape.length - 1]) ?? 0;
  const outElements = elementsPerInstance(outShape);
  switch (cls) {
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D': {
      const kernel = product(config['kernelSize'] as number[]);
      const groups = (config['groups'] as number | undefined) ?? 1;
      return outElements * kernel * (channelsIn / groups);
    }
    case 'DepthwiseConv2D': {
      const [kh, kw] = pair(config['kernelSize'], 1);
      return outElements * kh * kw;
    }
    case 'SeparableConv2D': {
      const [kh, kw] = pair(config['kernelSize'], 1);
      const multiplier = (config['depthMultiplier'] as number | undefined) ?? 1;
      const filters = config['filters'] as number;
      const positions = outElements / filters;
      return positions * channelsIn * multiplier * (kh * kw + filters);
    }
    case 'Conv2DTranspose': {
      const [kh, kw] = pair(config['kernelSize'], 1);
      const filters = config['filters'] as number;
      const inPositions = elementsPerInstance(inShape) / channelsIn;
      return inPositions * channelsIn * kh * kw * filters;
    }
    case 'Dense': {
      const units = config['units'] as number;
      return (elementsPerInstance(inShape) / channelsIn) * channelsIn * units;
    }
    case 'SqueezeExcite': {
      const c = channelsIn;
      const units = (layer as unknown as { unitsFor(c: number): number }).unitsFor(c);
      return 2 * c * units;
    }
    default:
      return 0;
  }
}

function spatialOf(shape: Shape): [number | null, number | null] | null {
  return shape.length === 4 ? [shape[1] ?? null, shape[2] ?? null] : null;
}

/** TensorFlow's 'same' padding before the first element along one axis. */
function padBefore(padding: unknown, inSize: number | null, kernel: number, stride: number): number {
  if (padding !== 'same') return 0;
  if (inSize == null) return Math.floor(Math.max(kernel - stride, 0) / 2);
  const out = Math.ceil(inSize / stride);
  return Math.floor(Math.max((out - 1) * stride + kernel - inSize, 0) / 2);
}

/** A sliding-window layer: kernel k (already dilated), stride s, left padding p per axis. */
function slide(rf: ReceptiveField, k: [number, number], s: [number, number], p: [number, number]): ReceptiveField {
  return {
    size: [0, 1].map((a) => (rf.size[a] == null ? null : rf.size[a]! + (k[a]! - 1) * rf.jump[a]!)) as [number | null, number | null],
    jump: [rf.jump[0] * s[0], rf.jump[1] * s[1]],
    start: [0, 1].map((a) => rf.start[a]! + ((k[a]! - 1) / 2 - p[a]!) * rf.jump[a]!) as [number, number],
  };
}

/** The whole input feeds every output (global pooling, flatten, SE's gate). */
function whole(rf: ReceptiveField, spatial: [number | null, number | null] | null): ReceptiveField {
  if (spatial == null) return rf;
  const k: [number, number] = [spatial[0] ?? Number.NaN, spatial[1] ?? Number.NaN];
  const out = slide(rf, k, [1, 1], [0, 0]);
  return {
    size: out.size.map((v) => (v == null || Number.isNaN(v) ? null : v)) as [number | null, number | null],
    jump: out.jump,
    start: out.start.map((v, a) => (Number.isNaN(v) ? rf.start[a]! : v)) as [number, number],
  };
}

/** Receptive field covering the union of the inputs' fields (add, concatenate, multiply). */
function union(fields: ReceptiveField[]): ReceptiveField {
  const [first, ...rest] = fields;
  if (first == null) throw new Error('union of no receptive fields');
  let result = first;
  for (const rf of rest) {
    const axis = (a: 0 | 1) => {
      const s1 = result.size[a];
      const s2 = rf.size[a];
      if (s1 == null || s2 == null) return { size: null, start: result.start[a] };
      const lo = Math.min(result.start[a] - s1 / 2, rf.start[a] - s2 / 2);
      const hi = Math.max(result.start[a] + s1 / 2, rf.start[a] + s2 / 2);
      return { size: hi - lo, start: (lo + hi) / 2 };
    };
    const h = axis(0);
    const w = axis(1);
    result = {
      size: [h.size, w.size],
      jump: [Math.max(result.jump[0], rf.jump[0]), Math.max(result.jump[1], rf.jump[1])],
      start: [h.start, w.start],
    };
  }
  return result;
}

function leafReceptiveField(layer: tfl.layers.Layer, ins: TensorGeometry[]): ReceptiveField | null {
  const fields = ins.map((i) => i.rf).filter((rf): rf is ReceptiveField => rf != null);
  if (fields.length === 0) return null;
  const rf = fields.length === 1 ? fields[0]! : union(fields);
  const spatial = ins[0]?.spatial ?? null;
  const config = layer.getConfig();
  const cls = layer.getClassName();
  switch (cls) {
    case 'Conv2D':
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const isPool = cls.endsWith('Pooling2D');
      const kernel = pair(isPool ? config['poolSize'] : config['kernelSize'], 1);
      const strides = pair(config['strides'] ?? (isPool ? config['poolSize'] : 1), 1);
      const dilation = pair(config['dilationRate'], 1);
      const k: [number, number] = [dilation[0] * (kernel[0] - 1) + 1, dilation[1] * (kernel[1] - 1) + 1];
      const p: [number, number] = [
        padBefore(config['padding'], spatial?.[0] ?? null, k[0], strides[0]),
        padBefore(config['padding'], spatial?.[1] ?? null, k[1], strides[1]),
      ];
      return slide(rf, k, strides, p);
    }
    case 'ZeroPadding2D': {
      const pad = config['padding'] as number[][] | number[];
      const top = Array.isArray(pad[0]) ? (pad[0] as number[])[0]! : (pad[0] as number);
      const left = Array.isArray(pad[1]) ? (pad[1] as number[])[0]! : (pad[1] as number);
      return { ...rf, start: [rf.start[0] - top * rf.jump[0], rf.start[1] - left * rf.jump[1]] };
    }
    case 'Cropping2D': {
      const crop = config['cropping'] as number[][];
      return { ...rf, start: [rf.start[0] + (crop[0]?.[0] ?? 0) * rf.jump[0], rf.start[1] + (crop[1]?.[0] ?? 0) * rf.jump[1]] };
    }
    case 'UpSampling2D': {
      const [sh, sw] = pair(config['size'], 2);
      return { ...rf, jump: [rf.jump[0] / sh, rf.jump[1] / sw] };
    }
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
    case 'Flatten':
      return whole(rf, spatial);
    default:
      if (SAME_SIZE_WITH_GLOBAL_CONTEXT.has(cls)) return whole(rf, spatial);
      // Elementwise and channel-wise layers (BN, activations, dropout, merges, depth pooling,
      // augmentation at inference) keep the field; merges took the union above. Transposed convs
      // and resizing are not modelled and also keep it.
      return rf;
  }
}

function walk(graph: { inputs: SymbolicTensor[]; steps: Step[] }, inputInfos: TensorGeometry[], bytes: number, batch: number): WalkResult {
  const infos = new Map<number, TensorGeometry>();
  graph.inputs.forEach((t, i) => {
    infos.set(t.id, inputInfos[i] ?? { rf: null, spatial: spatialOf(t.shape) });
  });
  // Liveness: each tensor is freed after its last consumer; graph outputs stay.
  const lastUse = new Map<number, number>();
  graph.steps.forEach((step, i) => {
    for (const t of step.inputs) lastUse.set(t.id, i);
  });
  const sizeOf = (t: SymbolicTensor) => elementsPerInstance(t.shape) * bytes;
  const live = new Map<number, number>();
  let peak = 0;
  let macs = 0;
  let activationBytesPerInstance = 0;
  const rows: LayerSummary[] = [];
  graph.steps.forEach((step, i) => {
    const ins = step.inputs.map((t) => infos.get(t.id) ?? { rf: null, spatial: spatialOf(t.shape) });
    const nested = nestedGraph(step.layer);
    const outShapes = step.outputs.map((t) => t.shape);
    const outBytes = step.outputs.reduce((sum, t) => sum + sizeOf(t), 0);
    let row: LayerSummary;
    let stepPeak: number;
    if (nested != null) {
      const inner = walk(nested, ins, bytes, batch);
      const innerOut = [...inner.outputs.values()];
      step.outputs.forEach((t, k) => {
        infos.set(t.id, { rf: innerOut[innerOut.length - step.outputs.length + k]?.rf ?? null, spatial: spatialOf(t.shape) });
      });
      row = {
        name: step.layer.name,
        className: step.layer.getClassName(),
        outputShape: outShapes.length === 1 ? outShapes[0]! : outShapes,
        params: step.layer.countParams(),
        macs: inner.macs,
        activationBytes: inner.activationBytesPerInstance * batch,
        activationBytesPerInstance: inner.activationBytesPerInstance,
        receptiveField: infos.get(step.outputs[0]!.id)?.rf ?? null,
        children: inner.rows,
      };
      stepPeak = Math.max(inner.peakBytesPerInstance, outBytes);
    } else {
      const inShape = step.inputs[0]?.shape ?? [];
      const outShape = outShapes[0] ?? [];
      const rf = leafReceptiveField(step.layer, ins);
      for (const t of step.outputs) infos.set(t.id, { rf, spatial: spatialOf(t.shape) });
      row = {
        name: step.layer.name,
        className: step.layer.getClassName(),
        outputShape: outShapes.length === 1 ? outShape : outShapes,
        params: step.layer.countParams(),
        macs: leafMacs(step.layer, inShape, outShape),
        activationBytes: outBytes * batch,
        activationBytesPerInstance: outBytes,
        receptiveField: rf,
      };
      stepPeak = outBytes;
    }
    rows.push(row);
    macs += row.macs;
    activationBytesPerInstance += row.activationBytesPerInstance;
    const liveBytes = [...live.values()].reduce((a, b) => a + b, 0);
    peak = Math.max(peak, liveBytes + stepPeak);
    for (const t of step.outputs) live.set(t.id, sizeOf(t));
    for (const t of step.inputs) if (lastUse.get(t.id) === i) live.delete(t.id);
  });
  const outputs = new Map<number, TensorGeometry>();
  const last = graph.steps[graph.steps.length - 1];
  for (const t of last?.outputs ?? []) outputs.set(t.id, infos.get(t.id)!);
  return { rows, macs, activationBytesPerInstance, peakBytesPerInstance: peak, outputs };
}

/**
 * Per-layer output shape, parameters, multiply-accumulates, activation memory and receptive field
 * of a built tfjs model (functional or Sequential, composite layers and nested models expanded as
 * `children`), with memory totals for inference and training.
 */
export function summary(model: tfl.LayersModel, options: SummaryOptions = {}): ModelSummary {
  if (!(model instanceof tfl.LayersModel)) {
    throw new LayerArgumentError('summary', 'model', describeValue(typeof model), 'a tf.LayersModel (tf.model or tf.sequential)');
  }
  const batchSize = options.batchSize ?? 1;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new LayerArgumentError('summary', 'batchSize', batchSize, 'a positive integer');
  const dtype = options.dtype ?? 'float32';
  const bytes = DTYPE_BYTES[dtype];
  if (bytes == null) throw new LayerArgumentError('summary', 'dtype', dtype, `one of ${Object.keys(DTYPE_BYTES).join(', ')}`);
  const training = typeof options.training === 'object' && options.training != null ? options.training : {};
  const optimizer = training.optimizer ?? 'adam';
  const slots = training.optimizerSlots ?? OPTIMIZER_SLOTS[optimizer];
  if (slots == null || !(slots >= 0)) {
    throw new LayerArgumentError('summary', 'training.optimizer', optimizer, `one of ${Object.keys(OPTIMIZER_SLOTS).join(', ')}`);
  }

  const graph = modelSteps(model);
  const inputInfos = graph.inputs.map((t): TensorGeometry => {
    const spatial = spatialOf(t.shape);
    return { spatial, rf: spatial == null ? null : { size: [1, 1], jump: [1, 1], start: [0.5, 0.5] } };
  });
  const result = walk(graph, inputInfos, bytes, batchSize);
  const inputBytes = graph.inputs.reduce((sum, t) => sum + elementsPerInstance(t.shape) * bytes, 0);

  const params = model.countParams();
  const trainableParams = model.trainableWeights.reduce((sum, w) => sum + product(w.shape), 0);
  const weightBytes = params * bytes;
  const gradientBytes = trainableParams * bytes;
  const optimizerBytes = trainableParams * slots * bytes;
  const peakActivationBytesPerInstance = inputBytes + result.peakBytesPerInstance;
  return {
    layers: result.rows,
    totals: {
      params,
      trainableParams,
      macs: result.macs,
      activationBytesPerInstance: result.activationBytesPerInstance,
      peakActivationBytesPerInstance,
      weightBytes,
      gradientBytes,
      optimizerBytes,
      inferenceBytes: weightBytes + peakActivationBytesPerInstance * batchSize,
      trainingBytes: weightBytes + gradientBytes + optimizerBytes + (inputBytes + result.activationBytesPerInstance) * batchSize,
    },
    batchSize,
    dtype,
  };
}

/** Decimal units, as the textbook counts them (12 MB = 12,000,000 bytes). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}

/** Counts with SI suffixes (225M, 15.2k). */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  const units = ['k', 'M', 'G', 'T'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}

function formatShape(shape: Shape | Shape[]): string {
  const one = (s: Shape) => `[${s.map((d) => (d == null ? 'null' : d)).join(',')}]`;
  return Array.isArray(shape[0]) ? (shape as Shape[]).map(one).join(' ') : one(shape as Shape);
}

function formatField(rf: ReceptiveField | null): string {
  if (rf == null) return '-';
  const size = rf.size.map((v) => (v == null ? '?' : Number(v.toFixed(2)))).join('x');
  const jump = rf.jump.map((v) => Number(v.toFixed(3))).join('x');
  const start = rf.start.map((v) => Number(v.toFixed(2))).join(',');
  return `${size} /${jump} @${start}`;
}

/** The summary as a text table, one row per layer (children indented), then the totals. */
export function formatSummary(input: ModelSummary | tfl.LayersModel, options: SummaryOptions = {}): string {
  const s = input instanceof tfl.LayersModel ? summary(input, options) : input;
  const header = ['Layer (type)', 'Output shape', 'Params', 'MACs', `Activations (batch ${s.batchSize})`, 'Receptive field (size /jump @start)'];
  const rows: string[][] = [];
  const add = (layers: LayerSummary[], depth: number) => {
    for (const l of layers) {
      rows.push([
        `${'  '.repeat(depth)}${l.name} (${l.className})`,
        formatShape(l.outputShape),
        l.params.toLocaleString('en-US'),
        formatCount(l.macs),
        formatBytes(l.activationBytes),
        formatField(l.receptiveField),
      ]);
      if (l.children) add(l.children, depth + 1);
    }
  };
  add(s.layers, 0);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = '-'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const t = s.totals;
  return [
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Params: ${t.params.toLocaleString('en-US')} (trainable ${t.trainableParams.toLocaleString('en-US')}), ${formatBytes(t.weightBytes)} of ${s.dtype}`,
    `MACs per instance: ${formatCount(t.macs)} (${t.macs.toLocaleString('en-US')})`,
    `Activations per instance: ${formatBytes(t.activationBytesPerInstance)} (all layers), peak ${formatBytes(t.peakActivationBytesPerInstance)} at inference`,
    `Inference memory (batch ${s.batchSize}): ${formatBytes(t.inferenceBytes)}`,
    `Training memory (batch ${s.batchSize}): ${formatBytes(t.trainingBytes)} = weights + gradients ${formatBytes(t.gradientBytes)} + optimizer ${formatBytes(t.optimizerBytes)} + activations`,
  ].join('\n');
}
