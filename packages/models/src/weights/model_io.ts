// loadModel / saveModel: whole models (architecture + weights, optionally the training setup) from
// and to the files Keras and tfjs write. The architecture is rebuilt by tfjs-layers from the
// translated config (keras_config.ts); the weights reach it through the same checked, all-at-once
// assignment as loadWeightsInto (assign.ts). A load that fails disposes everything it built.
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { assignWeights, type WeightStore } from './assign.js';
import { cacheNameForUrl, cachedDownload, type DownloadOptions } from './cache.js';
import { ModelFileError, WeightsError } from './errors.js';
import { looksLikeJsonObject, MAX_JSON_BYTES, MAX_MODEL_FILE_BYTES, parseJson, readRegularFile } from './files.js';
import {
  createH5,
  isHdf5,
  keras3LayerPaths,
  keras3WeightElements,
  keras3OptimizerWeights,
  keras3Store,
  legacyKerasStore,
  legacyOptimizerWeights,
  type RawWeight,
  stringAttribute,
  withH5,
  writeKeras3,
  writeKerasModelH5,
} from './h5.js';
import { archiveWeightsCeiling, isZip, openKerasArchive, writeKerasArchive } from './keras_archive.js';
import { channelsFirstLayers, isObject, type Json, type JsonObject, MODEL_CLASSES, moveChannelsLast, toTfjsModelConfig, unwrapModelConfig } from './keras_config.js';
import { keras2ModelConfig, keras3ConfigLayerNames, keras3ModelConfig } from './keras_config_write.js';
import { loadOverHttp, saveTfjs, tfjsArtifactsStore } from './tfjs_format.js';
import { compileAsSaved, type KerasTraining, savedTraining } from './training_config.js';

/** Where a model comes from: a path, an http(s) or file: URL, or the bytes of an .h5 / .keras file. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer;

export interface LoadModelOptions extends DownloadOptions {
  /**
   * Compile the model as the file records (optimizer, loss, metrics) and restore the optimizer's
   * state (Adam's moments, SGD's momentum) where the file holds it. Default false: the training
   * setup and optimizer state are ignored, as with Keras's load_model(..., compile=False).
   */
  compile?: boolean;
  /**
   * The architecture, for a weights-only file (Keras's model.save_weights('x.h5') or
   * '.weights.h5'): a path or URL of the JSON Keras's model.to_json() wrote (or a tfjs model.json),
   * or that JSON already parsed.
   */
  topology?: string | URL | object;
  /**
   * The most bytes a .keras archive's model.weights.h5 may inflate to. Default: what the weights
   * of the model its config.json describes can take (3 × 4 bytes per value, for optimizer state
   * beside them, plus HDF5 metadata); inflation stops there (a zip bomb is refused, not inflated).
   */
  maxWeightsBytes?: number;
}

/** The largest weight tensor a config may ask for (elements), as assign.ts accepts. */
const MAX_WEIGHT_ELEMENTS = 1 << 28;

function sourceName(source: ModelSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.href;
  return `<${source.byteLength} bytes>`;
}

type Loaded = { kind: 'bytes'; name: string; bytes: Uint8Array } | { kind: 'tfjs'; name: string; artifacts: tf.io.ModelArtifacts };

/** Read the source: bytes for HDF5 and zip files, artifacts (model.json + shards) for tfjs. */
async function readSource(source: ModelSource, options: DownloadOptions): Promise<Loaded> {
  if (source instanceof Uint8Array) return { kind: 'bytes', name: sourceName(source), bytes: source };
  if (source instanceof ArrayBuffer) return { kind: 'bytes', name: sourceName(source), bytes: new Uint8Array(source) };
  const text = source instanceof URL ? source.href : source;
  if (typeof text !== 'string' || text === '') {
    throw new Error(`loadModel: source must be a file path, a URL or the bytes of a model file, got ${JSON.stringify(source)}`);
  }
  let path = text;
  if (/^https?:\/\//i.test(text)) {
    // tfjs's http handler fetches model.json and its shards relative to it.
    if (/\.json([?#].*)?$/i.test(text)) return { kind: 'tfjs', name: text, artifacts: await loadOverHttp(text) };
    path = await cachedDownload(text, cacheNameForUrl(text), options);
  } else if (/^file:\/\//i.test(text)) {
    const { fileURLToPath } = await import('node:url');
    path = fileURLToPath(text);
  }
  const bytes = await readRegularFile(path, MAX_MODEL_FILE_BYTES, (message) => new ModelFileError(`the model file cannot be read: ${message}`, text));
  if (looksLikeJsonObject(bytes)) {
    const { readTfjsArtifacts } = await import('./tfjs_format.js');
    const json = parseJson(bytes, (message) => new ModelFileError(`the model file is not a model: ${message}`, text));
    if (!isObject(json) || !Array.isArray(json['weightsManifest'])) {
      throw new ModelFileError(
        'this JSON holds an architecture but no weights (it is not a tfjs model.json with a weightsManifest): pass the weights file as the source and this file as { topology }',
        text,
      );
    }
    return { kind: 'tfjs', name: text, artifacts: await readTfjsArtifacts(path) };
  }
  return { kind: 'bytes', name: text, bytes };
}

async function readTopology(topology: string | URL | object, options: DownloadOptions): Promise<{ name: string; config: unknown }> {
  if (!(typeof topology === 'string' || topology instanceof URL)) return { name: '<topology object>', config: topology };
  let path = topology instanceof URL ? topology.href : topology;
  const name = path;
  if (/^https?:\/\//i.test(path)) path = await cachedDownload(path, cacheNameForUrl(path), options);
  else if (/^file:\/\//i.test(path)) path = (await import('node:url')).fileURLToPath(path);
  const fail = (message: string) => new ModelFileError(`the topology cannot be read: ${message}`, name);
  return { name, config: parseJson(await readRegularFile(path, MAX_JSON_BYTES, fail), fail) };
}

/** tfjs-layers' key conversion (snake_case → camelCase, string values too, except names), which it does not export. */
function toCamelCase(identifier: string): string {
  if (identifier.length <= 1 || !identifier.includes('_')) return identifier;
  return identifier.replace(/_+(\w|$)/g, (_, c: string) => c.toUpperCase());
}

function pythonicToTs(value: Json, key?: string): Json {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return toCamelCase(value);
  if (Array.isArray(value)) {
    const keepNames = key === 'inboundNodes' || key === 'inputLayers' || key === 'outputLayers';
    return value.map((item, i) => (keepNames && i === 0 && typeof item === 'string' ? item : pythonicToTs(item, key)));
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'name' && typeof v === 'string') out[k] = v;
    else {
      const tsKey = toCamelCase(k);
      out[tsKey] = pythonicToTs(v, tsKey);
    }
  }
  return out;
}

function registry(): Record<string, [serialization.SerializableConstructor<serialization.Serializable>, serialization.FromConfigMethod<serialization.Serializable>]> {
  return serialization.SerializationMap.getMap().classNameMap as never;
}

/** The error for a layer class tfjs (with Fovea's layers) does not know: which layer, which class, what to do. */
function unknownLayer(layer: string, className: string, source: string): ModelFileError {
  if (className === 'Lambda' || className === 'TFOpLambda' || className === 'SlicingOpLambda') {
    return new ModelFileError(
      `layer '${layer}' is a ${className} layer: it holds Python code (a marshalled function or a TensorFlow op), which cannot run here. ` +
        `Write the computation as a layer class in JavaScript (class MyLambda extends tf.layers.Layer { static className = '${className}'; computeOutputShape(s) {…}; call(inputs) {…} }), ` +
        `register it with tf.serialization.registerClass(MyLambda) before loadModel, or rebuild the model without it`,
      source,
      layer,
      className,
    );
  }
  return new ModelFileError(
    `layer '${layer}' has class '${className}', which neither tfjs-layers nor Fovea provides. If it is your own Keras layer, implement it in JavaScript ` +
      `(class ${className} extends tf.layers.Layer { static className = '${className}'; … } with the same weights in the same order) ` +
      `and register it with tf.serialization.registerClass(${className}) before calling loadModel`,
    source,
    layer,
    className,
  );
}

/** Check every layer class, and every initializer/regularizer/constraint/activation in a layer's config, before building anything. */
function checkClasses(config: JsonObject, source: string): void {
  const known = registry();
  const checkObjects = (value: Json, layer: string, className: string, key: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) checkObjects(item, layer, className, key);
    }
    else if (isObject(value)) {
      if (typeof value['class_name'] === 'string' && 'config' in value && !(value['class_name'] in known)) {
        throw new ModelFileError(`layer '${layer}' (${className}): its ${key} is a '${value['class_name']}', which tfjs-layers does not provide`, source, layer, className);
      }
      for (const [inner, item] of Object.entries(value)) checkObjects(item, layer, className, inner);
    } else if ((key === 'activation' || key === 'recurrent_activation') && typeof value === 'string' && !(toCamelCase(value) in known)) {
      throw new ModelFileError(`layer '${layer}' (${className}): its activation '${value}' is not one tfjs-layers provides`, source, layer, className);
    }
  };
  const visit = (model: JsonObject): void => {
    const inner = model['config'] as JsonObject;
    for (const entry of inner['layers'] as JsonObject[]) {
      const className = String(entry['class_name']);
      const name = String(entry['name'] ?? (entry['config'] as JsonObject)['name']);
      if (MODEL_CLASSES.has(className)) {
        visit(entry);
        continue;
      }
      if (!(className in known)) throw unknownLayer(name, className, source);
      checkObjects(entry['config'] ?? null, name, className, 'config');
    }
  };
  visit(config);
}

function variableNames(): Set<string> {
  return new Set(Object.keys(tf.engine().registeredVariables));
}

/** Dispose every variable registered since `before`: what a failed build or load left behind. */
function disposeVariablesSince(before: Set<string>): void {
  for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) if (!before.has(name)) variable.dispose();
}

/**
 * While a config is built, refuse any weight the file could not fill before it is allocated: a
 * hostile config (units: 1e9) must fail here, not in the allocator. tfjs-layers has no hook for
 * this, so Layer.prototype.addWeight is wrapped for the duration of the synchronous build.
 */
function withWeightBudget<T>(budget: number, source: string, build: () => T): T {
  const prototype = tfl.layers.Layer.prototype as unknown as { addWeight: (this: tfl.layers.Layer, name: string, shape: number[], ...rest: unknown[]) => unknown };
  const original = prototype.addWeight;
  let allocated = 0;
  prototype.addWeight = function (this: tfl.layers.Layer, name: string, shape: number[], ...rest: unknown[]) {
    const elements = Array.isArray(shape) ? shape.reduce((a, b) => a * b, 1) : Number.NaN;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0) || !(elements <= MAX_WEIGHT_ELEMENTS)) {
      throw new ModelFileError(`layer '${this.name}' (${this.getClassName()}): its weight '${name}' would have shape [${shape}], which is not a valid weight shape`, source, this.name, this.getClassName());
    }
    allocated += elements;
    if (allocated > budget) {
      throw new ModelFileError(
        `layer '${this.name}' (${this.getClassName()}): its weight '${name}' [${shape}] brings the weights the config needs to ${allocated} values, more than the ${budget} the file holds: the config and the weights do not belong together`,
        source,
        this.name,
        this.getClassName(),
      );
    }
    return original.call(this, name, shape, ...rest);
  };
  try {
    return build();
  } finally {
    prototype.addWeight = original;
  }
}

/** Name the layer a tfjs build error comes from: build each layer alone until one fails the same way. */
function explainBuildError(error: unknown, config: JsonObject, source: string): Error {
  if (error instanceof ModelFileError || error instanceof WeightsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const known = registry();
  const layers: JsonObject[] = [];
  const collect = (model: JsonObject): void => {
    for (const entry of (model['config'] as JsonObject)['layers'] as JsonObject[]) {
      if (MODEL_CLASSES.has(String(entry['class_name']))) collect(entry);
      else layers.push(entry);
    }
  };
  collect(config);
  for (const entry of layers) {
    const className = String(entry['class_name']);
    const name = String(entry['name'] ?? (entry['config'] as JsonObject)['name']);
    const ts = pythonicToTs(entry) as JsonObject;
    const [cls, fromConfig] = known[className] ?? [];
    if (cls === undefined || fromConfig === undefined) continue;
    try {
      fromConfig(cls, { ...(ts['config'] as JsonObject) } as serialization.ConfigDict);
    } catch (layerError) {
      return new ModelFileError(`layer '${name}' (${className}) cannot be built: ${(layerError as Error).message}`, source, name, className);
    }
  }
  return new ModelFileError(`the model cannot be rebuilt from its config: ${message}`, source);
}

function buildFromTfjsConfig(config: JsonObject, source: string, budget: number): tfl.LayersModel {
  const ts = pythonicToTs(config) as JsonObject;
  const [cls, fromConfig] = registry()[String(ts['className'])]!;
  const before = variableNames();
  try {
    // fastWeightInit: every weight is about to be overwritten, so tfjs fills zeros instead of running initializers.
    const fastFromConfig = fromConfig as unknown as (c: unknown, config: unknown, custom: object, fast: boolean) => tfl.LayersModel;
    return withWeightBudget(budget, source, () => fastFromConfig(cls, ts['config'], {}, true));
  } catch (error) {
    disposeVariablesSince(before);
    throw explainBuildError(error, config, source);
  }
}

/** BatchNormalization layers that normalize a non-last axis (channels_first models), which tfjs computes wrongly. */
function batchNormsOffLastAxis(model: tfl.LayersModel): Set<string> {
  const names = new Set<string>();
  const visit = (container: tfl.LayersModel): void => {
    for (const layer of container.layers) {
      if ('layers' in layer && Array.isArray((layer as tfl.LayersModel).layers)) visit(layer as tfl.LayersModel);
      if (layer.getClassName() !== 'BatchNormalization') continue;
      const rank = (layer.inboundNodes[0]?.inputShapes[0] as unknown[] | undefined)?.length ?? 0;
      const axis = (layer as unknown as { axis: number }).axis;
      if (rank > 0 && (axis < 0 ? axis + rank : axis) !== rank - 1) names.add(layer.name);
    }
  };
  visit(model);
  return names;
}

/** Build the model a Keras/tfjs config describes, allocating at most `budget` weight values; nothing is left behind on failure. */
function buildModel(rawConfig: unknown, source: string, budget: number): tfl.LayersModel {
  let config = toTfjsModelConfig(rawConfig, source);
  const channelsFirst = channelsFirstLayers(config);
  if (channelsFirst.size > 0) config = moveChannelsLast(config, channelsFirst);
  checkClasses(config, source);
  const model = buildFromTfjsConfig(config, source, budget);
  const batchNorms = batchNormsOffLastAxis(model);
  if (batchNorms.size === 0) return model;
  model.dispose();
  return buildFromTfjsConfig(moveChannelsLast(config, batchNorms), source, budget);
}

/** Everything one model file yields: how to build it, where its weights are, what it says about training. */
interface ModelParts {
  config: unknown;
  store: WeightStore;
  /** Weight values the file holds: the most the config may allocate. */
  budget: number;
  training: KerasTraining;
}

function storeElements(store: WeightStore): number {
  let total = 0;
  for (const layer of store.layerNames()) for (const weight of store.weightsOf(layer) ?? []) total += weight.shape.reduce((a, b) => a * b, 1);
  return total;
}

function parseConfigString(text: string | undefined, what: string, source: string): JsonObject | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`its ${what} attribute is not valid JSON (truncated or corrupt file?): ${(error as Error).message}`, source);
  }
  if (!isObject(value)) throw new ModelFileError(`its ${what} attribute is not a JSON object`, source);
  return value;
}

/**
 * Load a whole model: architecture, weights and (with { compile: true }) training setup, from
 * - a Keras HDF5 full save (.h5 / .hdf5: `model_config` + `model_weights`), Keras 2.0–2.15 and Keras 3's legacy .h5;
 * - a Keras 3 .keras archive (config.json + model.weights.h5, weights matched by Keras 3's stored paths);
 * - a tfjs Layers model.json with its shards, quantized (uint8/uint16/float16) or not;
 * - a weights-only .h5 (Keras 2 save_weights, or Keras 3 .weights.h5) with `{ topology }`.
 * Returns a tfl.LayersModel with every weight in place. Errors (ModelFileError, WeightsError) name
 * the file, the layer and the weight; a failed load leaves no model and no tensors behind.
 */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<tfl.LayersModel> {
  const loaded = await readSource(source, options);
  const topology = options.topology === undefined ? undefined : await readTopology(options.topology, options);
  const compile = options.compile === true;
  const before = variableNames();
  let model: tfl.LayersModel | undefined;
  try {
    let training: KerasTraining;
    const build = (parts: ModelParts, strict: boolean): KerasTraining => {
      model = buildModel(parts.config, topology?.name ?? loaded.name, parts.budget);
      const layerNames = parts.store.layerNames();
      // Keras's own load_weights pairs a weights-only file with a topology in layer order; by name when the names agree.
      const byName = strict || model.layers.filter((l) => l.weights.length > 0).every((l) => layerNames.includes(l.name));
      assignWeights(model, parts.store, { match: byName ? 'name' : 'order', strict: true });
      return parts.training;
    };
    if (loaded.kind === 'tfjs') {
      const store = tfjsArtifactsStore(loaded.artifacts, loaded.name);
      const modelTopology = loaded.artifacts.modelTopology as unknown;
      const trainingConfig = (loaded.artifacts.trainingConfig ?? (isObject(modelTopology) ? modelTopology['training_config'] : undefined)) as JsonObject | undefined;
      const config = topology?.config ?? modelTopology;
      training = build({ config, store, budget: storeElements(store), training: { config: trainingConfig ?? undefined, state: compile ? rawStoreWeights(store.optimizerWeights) : [] } }, topology === undefined);
    } else if (isZip(loaded.bytes)) {
      const archive = openKerasArchive(loaded.bytes, loaded.name);
      const config = topology?.config ?? archive.config;
      if (config === undefined) throw new ModelFileError("the .keras archive has no config.json and no { topology } was given", loaded.name);
      const keras3Config = unwrapModelConfig(config, loaded.name);
      const compileConfig = isObject(keras3Config['compile_config']) ? keras3Config['compile_config'] : undefined;
      const inner = `${loaded.name}!model.weights.h5`;
      // The model first, within what the weights entry declares it holds (4 bytes a value); then
      // the weights, inflated no further than that model's weights (and optimizer state) can take.
      const built = buildModel(config, topology?.name ?? loaded.name, Math.floor(archive.weightsBytes / 4));
      model = built;
      const weights = archive.inflateWeights(archiveWeightsCeiling(built, options.maxWeightsBytes, loaded.name));
      training = await withH5(weights, inner, (file) => {
        const store = keras3Store(file, inner, keras3LayerPaths(keras3ConfigLayerNames(keras3Config)));
        const state = compile ? keras3OptimizerWeights(file, inner) : { name: undefined, weights: [] };
        assignWeights(built, store, { match: 'name', strict: true });
        return { config: compileConfig, state: state.weights, stateOwner: state.name };
      });
    } else if (isHdf5(loaded.bytes)) {
      training = await withH5(loaded.bytes, loaded.name, (file) => {
        const modelConfig = parseConfigString(stringAttribute(file, 'model_config'), 'model_config', loaded.name);
        const trainingConfig = parseConfigString(stringAttribute(file, 'training_config'), 'training_config', loaded.name);
        if (modelConfig !== undefined && topology === undefined) {
          const store = legacyKerasStore(file, loaded.name);
          const state = compile ? legacyOptimizerWeights(file, loaded.name) : [];
          return build({ config: modelConfig, store, budget: storeElements(store), training: { config: trainingConfig, state } }, true);
        }
        if (topology === undefined) {
          throw new ModelFileError(
            "this HDF5 file holds weights only (no 'model_config': Keras's save_weights): pass the architecture as { topology: 'model.json' } (what model.to_json() wrote)",
            loaded.name,
          );
        }
        const topologyConfig = unwrapModelConfig(topology.config, topology.name);
        const topologyTraining = isObject(topology.config) && isObject(topology.config['training_config']) ? topology.config['training_config'] : undefined;
        if (file.attrs['layer_names'] !== undefined || file.get('model_weights') !== null) {
          const store = legacyKerasStore(file, loaded.name);
          return build({ config: topologyConfig, store, budget: storeElements(store), training: { config: topologyTraining ?? trainingConfig, state: [] } }, false);
        }
        if (file.get('layers') === null) throw new ModelFileError("the HDF5 file is neither a Keras model nor Keras weights (no 'model_config', 'layer_names' or 'layers')", loaded.name);
        const store = keras3Store(file, loaded.name, keras3LayerPaths(keras3ConfigLayerNames(topologyConfig)));
        const state = compile ? keras3OptimizerWeights(file, loaded.name) : { name: undefined, weights: [] };
        return build({ config: topologyConfig, store, budget: keras3WeightElements(file), training: { config: topologyTraining, state: state.weights, stateOwner: state.name } }, true);
      });
    } else {
      throw new ModelFileError('not a model file: expected HDF5 (.h5), a .keras zip archive or a tfjs model.json', loaded.name);
    }
    if (compile) await compileAsSaved(model!, training, loaded.name);
    return model!;
  } catch (error) {
    (model as tfl.LayersModel | undefined)?.dispose();
    disposeVariablesSince(before);
    throw error;
  }
}

/** tfjs optimizer weights (StoredWeight) as raw values for compileAsSaved. */
function rawStoreWeights(weights: { name: string; shape: number[]; read(): Float32Array }[]): RawWeight[] {
  return weights.map((weight) => ({ name: weight.name, shape: weight.shape, values: Float64Array.from(weight.read()) }));
}

export type ModelFormat = 'keras' | 'h5' | 'tfjs';

export interface SaveModelOptions {
  /** 'keras': a Keras 3 .keras archive; 'h5': a Keras 2 whole-model .h5; 'tfjs': model.json + weights.bin. Default: from the path. */
  format?: ModelFormat;
}

export function modelFormatFromPath(path: string): ModelFormat {
  if (/\.weights\.h5$/i.test(path)) {
    throw new Error(`saveModel: '${path}' names a weights-only file; use saveWeights for .weights.h5, or a .h5 / .keras / .json path for the whole model`);
  }
  if (/\.(h5|hdf5)$/i.test(path)) return 'h5';
  if (/\.keras$/i.test(path)) return 'keras';
  if (/\.json$/i.test(path)) return 'tfjs';
  throw new Error(`saveModel: cannot tell the format of '${path}': expected a .keras, .h5 / .hdf5 or .json path, or pass { format }`);
}

/** The bytes of a .keras archive or whole-model .h5 of `model`, in Keras's own layout. */
export async function modelFileBytes(model: tfl.LayersModel, format: 'keras' | 'h5'): Promise<Uint8Array> {
  const training = await savedTraining(model);
  if (format === 'h5') {
    const modelConfig = JSON.stringify(keras2ModelConfig(model));
    const trainingConfig = training === undefined ? undefined : JSON.stringify(training.trainingConfig);
    return createH5((file) => writeKerasModelH5(file, model, modelConfig, trainingConfig, training?.keras2State));
  }
  const config = keras3ModelConfig(model);
  if (training !== undefined) config['compile_config'] = training.compileConfig;
  const entries = keras3ConfigLayerNames(config);
  const optimizer = training === undefined ? undefined : { name: training.optimizerName, weights: training.keras3State };
  const weights = await createH5((file) => writeKeras3(file, model, entries, optimizer));
  return writeKerasArchive(config, weights);
}

/**
 * Save the whole model in Keras's own layouts: `.keras` (Keras 3: metadata.json, config.json,
 * model.weights.h5 with `layers/<class>/vars/<i>`), `.h5` (Keras 2: model_config + model_weights),
 * or tfjs's model.json + weights.bin. A compiled model's training setup and optimizer state are
 * written too (Keras's compile_config / training_config and optimizer variables).
 */
export async function saveModel(model: tfl.LayersModel, path: string, options: SaveModelOptions = {}): Promise<void> {
  const format = options.format ?? modelFormatFromPath(path);
  if (format === 'tfjs') return saveTfjs(model, path);
  if (format !== 'keras' && format !== 'h5') throw new Error(`saveModel: format must be 'keras', 'h5' or 'tfjs', got '${String(format)}'`);
  const bytes = await modelFileBytes(model, format);
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}
