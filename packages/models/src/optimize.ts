// optimizeForInference: fold BatchNormalization into the preceding Conv2D / DepthwiseConv2D /
// Dense and fuse bias + activation into one tfjs fused kernel (FusedConv2D,
// FusedDepthwiseConv2D, _FusedMatMul), which is what a converted graph model runs and what
// fovea-wasm implements natively. The result is a new tfjs-layers model: same inputs, same
// outputs (within float rounding), its fused layers serializable custom layers, so it saves and
// loads like any LayersModel once @foveajs/models is imported.
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type FusedActivation,
  FusedConv2D,
  FusedDense,
  FusedDepthwiseConv2D,
  LAYER_FUSED_ACTIVATIONS,
  type Pair,
} from './fused_layers.js';

type Layer = tfl.layers.Layer;

/**
 * What an activation layer (or a layer's own `activation`) becomes in a fused kernel, or null.
 * The name is a Keras activation name (tfjs checks it when the layer is made), so of the fused
 * activations only those Keras shares can match: linear, relu, relu6, elu, sigmoid, swish.
 */
function fusableActivation(name: unknown): { activation: FusedActivation; alpha?: number } | null {
  if (name === undefined || name === null) return { activation: 'linear' };
  const activation = LAYER_FUSED_ACTIVATIONS.find((a) => a === name);
  return activation === undefined ? null : { activation };
}

function activationOfLayer(layer: Layer): { activation: FusedActivation; alpha?: number } | null {
  const config = layer.getConfig();
  switch (layer.getClassName()) {
    case 'Activation':
      return fusableActivation(config.activation);
    case 'ReLU': {
      const maxValue = config.maxValue as number | null | undefined;
      if (maxValue == null) return { activation: 'relu' };
      if (maxValue === 6) return { activation: 'relu6' };
      return null;
    }
    case 'LeakyReLU':
      return { activation: 'leakyrelu', alpha: (config.alpha as number | undefined) ?? 0.3 };
    case 'ELU':
      return ((config.alpha as number | undefined) ?? 1) === 1 ? { activation: 'elu' } : null;
    default:
      return null;
  }
}

interface Fusion {
  head: Layer;
  /** A ZeroPadding2D feeding only a 'valid' conv: its pads become the conv's explicit padding. */
  zeroPadding?: Layer;
  batchNorm?: Layer;
  activationLayer?: Layer;
  activation: FusedActivation;
  alpha?: number;
}

export interface OptimizeReport {
  /** Layers rebuilt as fused layers, by the name they keep (the conv/dense layer's). */
  fused: { layer: string; zeroPadding?: string; batchNorm?: string; activation: FusedActivation; activationLayer?: string }[];
}

export interface OptimizeOptions {
  /** Receives what was fused, for logs and tests. */
  onReport?: (report: OptimizeReport) => void;
}

/**
 * A new model computing the same function as `model` with BatchNormalization folded into the
 * preceding Conv2D / DepthwiseConv2D / Dense and bias + activation fused into that layer's kernel
 * (see the file comment). `model` is left untouched and keeps working; the new model shares no
 * variables with it that either could dispose under the other. Fused layers keep the conv's name.
 *
 * Folded: a conv/dense whose only consumer is a BatchNormalization over the channel axis, then,
 * if the only consumer of that is a ReLU / ReLU(6) / LeakyReLU / ELU / Activation(relu, relu6,
 * elu, sigmoid, swish) layer, that too. A ZeroPadding2D whose only consumer is a 'valid' Conv2D /
 * DepthwiseConv2D becomes that conv's explicit padding (no padded copy of the tensor; fovea-wasm's
 * depthwise kernel then skips the padded taps). Layers in training-only roles (Dropout) stay and
 * are identities at inference. Shared layers (applied more than once) are not supported.
 */
export function optimizeForInference(model: tfl.LayersModel, options: OptimizeOptions = {}): tfl.LayersModel {
  const layers = model.layers;
  const consumers = new Map<number, Layer[]>();
  for (const layer of layers) {
    if (layer.inboundNodes.length > 1) {
      throw new Error(`optimizeForInference: layer '${layer.name}' is applied ${layer.inboundNodes.length} times (a shared layer); only layers used once are supported`);
    }
    for (const node of layer.inboundNodes) {
      for (const input of node.inputTensors) {
        const list = consumers.get(input.id) ?? [];
        list.push(layer);
        consumers.set(input.id, list);
      }
    }
  }
  const outputIds = new Set(model.outputs.map((t) => t.id));
  const onlyConsumer = (tensor: tfl.SymbolicTensor): Layer | null => {
    if (outputIds.has(tensor.id)) return null;
    const list = consumers.get(tensor.id) ?? [];
    return list.length === 1 ? list[0]! : null;
  };

  const fusions = planFusions(layers, onlyConsumer);
  const byHead = new Map(fusions.map((f) => [f.head, f]));
  const absorbed = new Map<Layer, Fusion>();
  for (const f of fusions) {
    if (f.batchNorm) absorbed.set(f.batchNorm, f);
    if (f.activationLayer) absorbed.set(f.activationLayer, f);
  }
  const paddingsFolded = new Set(fusions.flatMap((f) => (f.zeroPadding ? [f.zeroPadding] : [])));

  const mapped = new Map<number, tfl.SymbolicTensor>();
  const newInputs = model.inputs.map((input) => {
    const fresh = tfl.input({ shape: input.shape.slice(1), dtype: input.dtype, name: input.sourceLayer.name });
    mapped.set(input.id, fresh);
    return fresh;
  });
  const created: Layer[] = [];
  try {
    for (const layer of layers) {
      if (layer.getClassName() === 'InputLayer' || absorbed.has(layer)) continue;
      const node = layer.inboundNodes[0]!;
      if (paddingsFolded.has(layer)) {
        // The conv after it pads instead: it takes the unpadded tensor.
        const unpadded = mapped.get(node.inputTensors[0]!.id);
        if (unpadded === undefined) throw new Error(`optimizeForInference: input of layer '${layer.name}' was not computed before it (unsupported graph)`);
        mapped.set(node.outputTensors[0]!.id, unpadded);
        continue;
      }
      const inputs = node.inputTensors.map((t) => {
        const m = mapped.get(t.id);
        if (m === undefined) throw new Error(`optimizeForInference: input of layer '${layer.name}' was not computed before it (unsupported graph)`);
        return m;
      });
      const fusion = byHead.get(layer);
      let replacement: Layer;
      let lastOld: Layer = layer;
      if (fusion) {
        replacement = fusedLayerFor(fusion);
        lastOld = fusion.activationLayer ?? fusion.batchNorm ?? layer;
      } else if (layer instanceof tfl.LayersModel) {
        replacement = optimizeForInference(layer);
      } else {
        replacement = cloneLayer(layer);
      }
      created.push(replacement);
      const out = replacement.apply(inputs.length === 1 ? inputs[0]! : inputs) as tfl.SymbolicTensor | tfl.SymbolicTensor[];
      if (fusion) {
        setFoldedWeights(replacement, fusion);
      } else if (!(layer instanceof tfl.LayersModel)) {
        replacement.setWeights(layer.getWeights());
      }
      const oldOutputs = lastOld.inboundNodes[0]!.outputTensors;
      const newOutputs = Array.isArray(out) ? out : [out];
      oldOutputs.forEach((t, i) => {
        mapped.set(t.id, newOutputs[i]!);
      });
    }
    const outputs = model.outputs.map((t) => mapped.get(t.id)!);
    const optimized = tfl.model({ inputs: newInputs, outputs, name: `${model.name}_optimized` });
    options.onReport?.({
      fused: fusions.map((f) => ({
        layer: f.head.name,
        activation: f.activation,
        ...(f.zeroPadding ? { zeroPadding: f.zeroPadding.name } : {}),
        ...(f.batchNorm ? { batchNorm: f.batchNorm.name } : {}),
        ...(f.activationLayer ? { activationLayer: f.activationLayer.name } : {}),
      })),
    });
    return optimized;
  } catch (error) {
    for (const layer of created) if (layer.built) layer.dispose();
    throw error;
  }
}

function planFusions(layers: Layer[], onlyConsumer: (t: tfl.SymbolicTensor) => Layer | null): Fusion[] {
  const fusions: Fusion[] = [];
  for (const layer of layers) {
    const kind = layer.getClassName();
    if (kind !== 'Conv2D' && kind !== 'DepthwiseConv2D' && kind !== 'Dense') continue;
    const config = layer.getConfig();
    if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') continue;
    if (((config.groups as number | undefined) ?? 1) !== 1) continue;
    const node = layer.inboundNodes[0];
    if (node === undefined || node.inputTensors.length !== 1) continue;
    const inputRank = node.inputTensors[0]!.shape.length;
    if ((kind === 'Dense' && inputRank !== 2) || (kind !== 'Dense' && inputRank !== 4)) continue;
    const own = fusableActivation(config.activation);
    if (own === null) continue;
    const fusion: Fusion = { head: layer, ...own };
    const padLayer = node.inputTensors[0]!.sourceLayer as Layer;
    if (kind !== 'Dense' && config.padding === 'valid' && padLayer.getClassName() === 'ZeroPadding2D' && onlyConsumer(node.inputTensors[0]!) === layer) {
      const padConfig = padLayer.getConfig();
      if (padConfig.dataFormat === undefined || padConfig.dataFormat === 'channelsLast') fusion.zeroPadding = padLayer;
    }
    let out = node.outputTensors[0]!;
    if (own.activation === 'linear') {
      const next = onlyConsumer(out);
      if (next !== null && next.getClassName() === 'BatchNormalization' && next.inboundNodes.length === 1) {
        const axis = next.getConfig().axis as number;
        if (axis === -1 || axis === inputRank - 1) {
          fusion.batchNorm = next;
          out = next.inboundNodes[0]!.outputTensors[0]!;
        }
      }
      const after = onlyConsumer(out);
      const act = after === null || after.inboundNodes.length !== 1 ? null : activationOfLayer(after);
      if (after !== null && act !== null) {
        fusion.activationLayer = after;
        fusion.activation = act.activation;
        if (act.alpha !== undefined) fusion.alpha = act.alpha;
      }
    }
    fusions.push(fusion);
  }
  return fusions;
}

function fusedLayerFor(fusion: Fusion): Layer {
  const config = fusion.head.getConfig();
  const common = {
    name: fusion.head.name,
    activation: fusion.activation,
    ...(fusion.alpha !== undefined ? { leakyreluAlpha: fusion.alpha } : {}),
  };
  // A folded ZeroPadding2D's [[top, bottom], [left, right]] replaces the conv's 'valid'.
  const padding = fusion.zeroPadding
    ? (fusion.zeroPadding.getConfig().padding as [Pair, Pair])
    : (config.padding as 'same' | 'valid');
  switch (fusion.head.getClassName()) {
    case 'Conv2D':
      return new FusedConv2D({
        ...common,
        filters: config.filters as number,
        kernelSize: config.kernelSize as number[],
        strides: config.strides as number[],
        padding,
        dilationRate: config.dilationRate as number[],
      });
    case 'DepthwiseConv2D':
      return new FusedDepthwiseConv2D({
        ...common,
        kernelSize: config.kernelSize as number[],
        depthMultiplier: config.depthMultiplier as number,
        strides: config.strides as number[],
        padding,
        dilationRate: config.dilationRate as number[],
      });
    default:
      return new FusedDense({ ...common, units: config.units as number });
  }
}

/** Fold the BN into kernel and bias: W' = W * s, b' = (b - mean) * s + beta, s = gamma / sqrt(var + eps). */
function setFoldedWeights(target: Layer, fusion: Fusion): void {
  const head = fusion.head;
  const headConfig = head.getConfig();
  const [kernel, maybeBias] = head.getWeights();
  const folded = tf.tidy(() => {
    const channels = kernel!.shape[kernel!.shape.length - 1]! * (head.getClassName() === 'DepthwiseConv2D' ? kernel!.shape[2]! : 1);
    const bias = headConfig.useBias === false || maybeBias === undefined ? tf.zeros([channels]) : maybeBias;
    if (fusion.batchNorm === undefined) return [kernel!.clone(), bias.clone()];
    const bnConfig = fusion.batchNorm.getConfig();
    const weights = [...fusion.batchNorm.getWeights()];
    const gamma = bnConfig.scale === false ? tf.ones([channels]) : weights.shift()!;
    const beta = bnConfig.center === false ? tf.zeros([channels]) : weights.shift()!;
    const [mean, variance] = weights as [tf.Tensor, tf.Tensor];
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, bnConfig.epsilon as number)));
    // A depthwise kernel's output channel c * multiplier + m lives at kernel[.., c, m].
    const kernelScale = head.getClassName() === 'DepthwiseConv2D' ? tf.reshape(scale, kernel!.shape.slice(2)) : scale;
    return [tf.mul(kernel!, kernelScale), tf.add(tf.mul(tf.sub(bias, mean), scale), beta)];
  });
  target.setWeights(folded);
  tf.dispose(folded);
}

/** A fresh copy of a layer from its class and config (weights are set after it is built). */
function cloneLayer(layer: Layer): Layer {
  const className = layer.getClassName();
  const entry = serialization.SerializationMap.getMap().classNameMap[className];
  if (entry === undefined) {
    throw new Error(`optimizeForInference: layer '${layer.name}' has class '${className}', which is not registered with tf.serialization`);
  }
  const [cls, fromConfig] = entry;
  // Its weights are overwritten right after it is built: zero initializers skip drawing random
  // ones only to throw them away (slow for a large Dense).
  const config = layer.getConfig();
  for (const key of Object.keys(config)) {
    if (key.endsWith('Initializer') && config[key] != null) config[key] = { className: 'Zeros', config: {} };
  }
  return fromConfig(cls, config) as unknown as Layer;
}
