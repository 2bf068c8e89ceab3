// The one path by which values from any weights format reach a model: match file layers to model
// layers, check every shape before reading a single value, then swap all values in at once, so a
// bad file leaves the model as it was.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { WeightsError } from './errors.js';

/** One stored weight as a format reader exposes it: metadata first, values only on request. */
export interface StoredWeight {
  /** As stored, e.g. 'conv1/kernel:0', 'vars/0' or 'conv1/kernel'. */
  name: string;
  shape: number[];
  /** Reads and converts the values to float32; called only after the shape has been checked. */
  read(): Float32Array;
}

/** A weights file as a reader exposes it: layer names (in file order) and their weights. */
export interface WeightStore {
  description: string;
  layerNames(): string[];
  /** The layer's weights in the file's order; undefined when the file has no such layer. */
  weightsOf(layer: string): StoredWeight[] | undefined;
  /** Entries of the file that hold weights but belong to no layer `layerNames` lists (Keras 3 paths no config layer maps to). */
  unmappedEntries?(): string[];
}

export interface AssignOptions {
  /**
   * 'name' (default) pairs model and file layers by Keras layer name, ignoring extra file layers;
   * 'order' pairs the model's layers that have weights with the file's, in order (Keras's
   * topological load_weights).
   */
  match?: 'name' | 'order';
  /**
   * Also require every file layer that holds weights to be used: a whole-model file and the model
   * built from its own config must agree both ways. Default false (Keras's by_name ignores extras).
   */
  strict?: boolean;
}

/** Largest weight tensor accepted (elements): far above any zoo model's, far below a hostile file's. */
const MAX_ELEMENTS = 1 << 28;

export function shortWeightName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.replace(/:\d+$/, '').replace(/_\d+$/, '');
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

export function layersWithWeights(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.filter((layer) => layer.weights.length > 0);
}

/** Pair each of the layer's variables with a stored weight: by short name when both sides agree, else in order. */
function pairWeights(layer: tfl.layers.Layer, stored: StoredWeight[], source: string): StoredWeight[] {
  const variables = layer.weights;
  if (stored.length !== variables.length) {
    throw new WeightsError(
      `layer '${layer.name}' (${layer.getClassName()}) has ${variables.length} weights [${variables.map((v) => shortWeightName(v.originalName)).join(', ')}], ` +
        `the file has ${stored.length} [${stored.map((w) => w.name).join(', ')}]`,
      source,
      layer.name,
      stored[variables.length]?.name ?? shortWeightName(variables[stored.length]?.originalName ?? ''),
    );
  }
  const modelNames = variables.map((v) => shortWeightName(v.originalName));
  const storedNames = stored.map((w) => shortWeightName(w.name));
  const unique = new Set(modelNames).size === modelNames.length && new Set(storedNames).size === storedNames.length;
  if (unique && modelNames.every((name) => storedNames.includes(name))) {
    return modelNames.map((name) => stored[storedNames.indexOf(name)]!);
  }
  return stored;
}

/**
 * A model nested in the model (a Sequential used as a layer) whose file stores its weights under its
 * own layers' names, as tfjs's format does ('d1/kernel'): find each variable by its full name.
 */
function nestedModelWeights(layer: tfl.layers.Layer, store: WeightStore): { weights: StoredWeight[]; fileLayers: string[] } | undefined {
  if (!('layers' in layer) || !Array.isArray((layer as tfl.LayersModel).layers)) return undefined;
  const weights: StoredWeight[] = [];
  const fileLayers = new Set<string>();
  for (const variable of layer.weights) {
    const owner = variable.originalName.slice(0, variable.originalName.lastIndexOf('/'));
    const found = store.weightsOf(owner)?.find((w) => w.name.replace(/:\d+$/, '') === variable.originalName);
    if (found === undefined) return undefined;
    weights.push(found);
    fileLayers.add(owner);
  }
  return { weights, fileLayers: [...fileLayers] };
}

/** In strict mode: a file layer with weights that no model layer takes means the file and the model disagree. */
function checkNothingLeftOver(store: WeightStore, used: readonly string[]): void {
  const taken = new Set(used);
  const extra = store.layerNames().filter((name) => !taken.has(name) && (store.weightsOf(name)?.length ?? 0) > 0);
  extra.push(...(store.unmappedEntries?.() ?? []));
  if (extra.length > 0) {
    const first = extra[0]!;
    const weights = store.weightsOf(first)?.map((w) => w.name) ?? [];
    throw new WeightsError(
      `the file holds weights for layer '${first}'${weights.length ? ` (${weights.join(', ')})` : ''} that the model does not have` +
        (extra.length > 1 ? `, and for ${extra.length - 1} more (${extra.slice(1, 6).join(', ')}${extra.length > 6 ? ', …' : ''})` : '') +
        ': the weights come from another model',
      store.description,
      first,
      weights[0],
    );
  }
}

/**
 * Validate every stored weight against the model, then read them all and set them in one step.
 * Throws WeightsError naming the layer on the first mismatch; the model is untouched on any error.
 */
export function assignWeights(model: tfl.LayersModel, store: WeightStore, options: AssignOptions = {}): void {
  const match = options.match ?? 'name';
  if (match !== 'name' && match !== 'order') {
    throw new Error(`match: expected 'name' or 'order', got '${String(match)}'`);
  }
  const source = store.description;
  const targets = layersWithWeights(model);
  const fileLayers = store.layerNames();
  const fileLayersWithWeights = match === 'order' ? fileLayers.filter((name) => (store.weightsOf(name)?.length ?? 0) > 0) : [];
  if (match === 'order' && fileLayersWithWeights.length !== targets.length) {
    throw new WeightsError(
      `the model has ${targets.length} layers with weights, the file has ${fileLayersWithWeights.length}; ` +
        `first model layer without a counterpart: '${targets[fileLayersWithWeights.length]?.name ?? 'none'}'`,
      source,
      targets[Math.min(targets.length, fileLayersWithWeights.length)]?.name,
    );
  }
  const plan: { variable: tfl.LayerVariable; shape: number[]; stored: StoredWeight; layer: string }[] = [];
  const used = match === 'name' ? targets.map((layer) => layer.name) : [...fileLayersWithWeights];
  targets.forEach((layer, index) => {
    const fileLayer = match === 'name' ? layer.name : fileLayersWithWeights[index]!;
    let stored = store.weightsOf(fileLayer);
    if (stored === undefined && match === 'name') {
      const nested = nestedModelWeights(layer, store);
      if (nested !== undefined) {
        stored = nested.weights;
        used.push(...nested.fileLayers);
      }
    }
    if (stored === undefined) {
      const known = fileLayers.slice(0, 12).join(', ') + (fileLayers.length > 12 ? `, … (${fileLayers.length} in all)` : '');
      const names = layer.weights.map((v) => shortWeightName(v.originalName));
      throw new WeightsError(
        `layer '${layer.name}' (${layer.getClassName()}) is not in the file; its layers are: ${known || 'none'} (missing weights: ${names.join(', ')})`,
        source,
        layer.name,
        names[0],
      );
    }
    const paired = pairWeights(layer, stored, source);
    layer.weights.forEach((variable, i) => {
      const weight = paired[i]!;
      const expectedShape = variable.shape as number[]; // built models have concrete weight shapes
      const elements = weight.shape.reduce((a, b) => a * b, 1);
      if (!weight.shape.every((dim) => Number.isInteger(dim) && dim >= 0) || elements > MAX_ELEMENTS) {
        throw new WeightsError(`layer '${layer.name}' weight '${weight.name}' has an invalid shape [${weight.shape}]`, source, layer.name, weight.name);
      }
      if (!sameShape(weight.shape, expectedShape)) {
        throw new WeightsError(
          `layer '${layer.name}' weight '${shortWeightName(variable.originalName)}': the file has shape [${weight.shape}] ('${weight.name}' of file layer '${fileLayer}'), the model expects [${variable.shape}]`,
          source,
          layer.name,
          weight.name,
        );
      }
      plan.push({ variable, shape: expectedShape, stored: weight, layer: layer.name });
    });
  });
  if (options.strict) checkNothingLeftOver(store, used);
  // All metadata fits: read the values into new tensors, then swap them in together.
  const values: tf.Tensor[] = [];
  try {
    for (const { shape, stored, layer } of plan) {
      let data: Float32Array;
      try {
        data = stored.read();
      } catch (error) {
        throw new WeightsError(`layer '${layer}' weight '${stored.name}' could not be read: ${(error as Error).message}`, source, layer, stored.name);
      }
      const expected = shape.reduce((a, b) => a * b, 1);
      if (data.length !== expected) {
        throw new WeightsError(`layer '${layer}' weight '${stored.name}' holds ${data.length} values, [${shape}] needs ${expected}`, source, layer, stored.name);
      }
      values.push(tf.tensor(data, shape, 'float32'));
    }
    for (let i = 0; i < plan.length; i++) plan[i]!.variable.write(values[i]!);
  } finally {
    tf.dispose(values);
  }
}
