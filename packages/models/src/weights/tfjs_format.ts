// tfjs's own format: model.json (topology + weightsManifest) and binary shards, read and written
// through tfjs's IOHandler interface, so tfl.loadLayersModel(fileHandler(path)) works in Node too.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { StoredWeight, WeightStore } from './assign.js';
import { WeightsError } from './errors.js';
import { MAX_JSON_BYTES, MAX_MODEL_FILE_BYTES, parseJson, pathInside, readRegularFile } from './files.js';

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
const SHARD_NAME = /^[\w.-]+$/;

function specBytes(spec: tf.io.WeightsManifestEntry, source: string): number {
  if (typeof spec !== 'object' || spec === null || typeof spec.name !== 'string' || !Array.isArray(spec.shape)) {
    throw new WeightsError(`a weightsManifest entry is not {name, shape, dtype}: ${String(JSON.stringify(spec)).slice(0, 200)}`, source);
  }
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES[dtype];
  if (bytes === undefined || !spec.shape.every((d) => Number.isInteger(d) && d >= 0 && d < 2 ** 31)) {
    throw new WeightsError(`weight '${spec.name}' has an unsupported dtype '${dtype}' or shape [${spec.shape}]`, source, undefined, spec.name);
  }
  return spec.shape.reduce((a, b) => a * b, 1) * bytes;
}

/** Check a shard path from model.json: a plain file name or sub-path, never leaving the model's folder. */
export function safeShardPath(path: string, source: string): string {
  const parts = path.split('/');
  if (path.startsWith('/') || path.includes('\\') || parts.some((part) => part === '..' || part === '.' || !SHARD_NAME.test(part))) {
    throw new WeightsError(`weights manifest path '${path}' is not a plain relative file name`, source);
  }
  return path;
}

/** The manifest's weight data may not exceed what one model file may (h5wasm's and tfjs's 32-bit limits). */
const MAX_WEIGHT_BYTES = MAX_MODEL_FILE_BYTES;

/**
 * Read a tfjs model.json and its shards from the local file system: model.json and every shard must
 * be regular files, shard paths must stay inside the model's folder, and the shards together must
 * hold exactly the bytes the manifest declares (checked before each shard is read).
 */
export async function readTfjsArtifacts(modelJsonPath: string): Promise<tf.io.ModelArtifacts> {
  const { dirname } = await import('node:path');
  const fail = (message: string) => new WeightsError(`model.json: ${message}`, modelJsonPath);
  const json = parseJson(await readRegularFile(modelJsonPath, MAX_JSON_BYTES, fail), fail) as tf.io.ModelJSON;
  if (typeof json !== 'object' || json === null || !Array.isArray(json.weightsManifest)) {
    throw new WeightsError("model.json has no 'weightsManifest' list", modelJsonPath);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const paths: string[] = [];
  let declared = 0;
  for (const [g, group] of (json.weightsManifest as unknown[]).entries()) {
    if (typeof group !== 'object' || group === null || !Array.isArray((group as tf.io.WeightsManifestConfig[number]).paths) || !Array.isArray((group as tf.io.WeightsManifestConfig[number]).weights)) {
      throw new WeightsError(`weightsManifest[${g}] is ${JSON.stringify(group)?.slice(0, 100)}, expected { paths: [...], weights: [...] }`, modelJsonPath);
    }
    for (const spec of (group as tf.io.WeightsManifestConfig[number]).weights) {
      declared += specBytes(spec, modelJsonPath);
      if (declared > MAX_WEIGHT_BYTES) throw new WeightsError(`the manifest declares more than ${MAX_WEIGHT_BYTES} bytes of weights`, modelJsonPath);
      specs.push(spec);
    }
    for (const path of (group as tf.io.WeightsManifestConfig[number]).paths) paths.push(safeShardPath(String(path), modelJsonPath));
  }
  const weightData = new Uint8Array(declared);
  let offset = 0;
  for (const path of paths) {
    const shardError = (message: string) =>
      new WeightsError(`weight shard '${path}': ${message} (the manifest declares ${declared} bytes in all; truncated or mismatched files?)`, modelJsonPath);
    const located = await pathInside(dirname(modelJsonPath), path, (message) => new WeightsError(`weight shard '${path}': ${message}`, modelJsonPath));
    const shard = await readRegularFile(located, declared - offset, shardError);
    weightData.set(shard, offset);
    offset += shard.length;
  }
  if (offset !== declared) {
    throw new WeightsError(`the weight shards hold ${offset} bytes, the manifest declares ${declared} (truncated or mismatched files)`, modelJsonPath);
  }
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    weightSpecs: specs,
    weightData: weightData.buffer,
    trainingConfig: json.trainingConfig,
    userDefinedMetadata: json.userDefinedMetadata,
  };
}

/**
 * A tfjs model.json and its shards over http(s), by tfjs's own handler; a malformed manifest makes
 * it fail with a bare TypeError, which becomes an error naming the URL.
 */
export async function loadOverHttp(url: string): Promise<tf.io.ModelArtifacts> {
  try {
    return await tf.io.http(url).load!();
  } catch (error) {
    if (error instanceof TypeError) throw new WeightsError(`the model.json or its weights manifest is malformed: ${error.message}`, url);
    throw error;
  }
}

/** An IOHandler for a model.json on the local file system (Node): load, and save (model.json + one shard). */
export function fileHandler(modelJsonPath: string): Required<Pick<tf.io.IOHandler, "load" | "save">> {
  return {
    load: () => readTfjsArtifacts(modelJsonPath),
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const { mkdir, writeFile } = await import('node:fs/promises');
      const { dirname, join } = await import('node:path');
      const dir = dirname(modelJsonPath);
      await mkdir(dir, { recursive: true });
      const weightData = artifacts.weightData ? new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[])) : new Uint8Array();
      const shardName = 'weights.bin';
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: 'Fovea',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [shardName], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(dir, shardName), weightData);
      await writeFile(modelJsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** tfjs saves optimizer state (model.save with includeOptimizer) in the same manifest, in this group. */
const OPTIMIZER_GROUP = 'optimizer';

export interface TfjsWeightStore extends WeightStore {
  /** The optimizer weights the manifest holds (group 'optimizer'), in order. */
  optimizerWeights: StoredWeight[];
}

/** Expose tfjs model artifacts as a WeightStore: weight 'conv1/kernel' belongs to layer 'conv1'. */
export function tfjsArtifactsStore(artifacts: tf.io.ModelArtifacts, description: string): TfjsWeightStore {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData ? new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[])) : new Uint8Array();
  const layers = new Map<string, StoredWeight[]>();
  const optimizerWeights: StoredWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    const bytes = specBytes(spec, description);
    const start = offset;
    offset += bytes;
    if (offset > data.length) {
      throw new WeightsError(`weight '${spec.name}' runs past the end of the weight data (${data.length} bytes): truncated file`, description, undefined, spec.name);
    }
    const slash = spec.name.lastIndexOf('/');
    const layer = slash > 0 ? spec.name.slice(0, slash) : spec.name;
    const weight: StoredWeight = {
      name: spec.name,
      shape: [...spec.shape],
      read: () => {
        // int32 or bool bytes read into a float32 variable would be nonsense values (NaN outputs).
        if (spec.dtype !== 'float32') {
          throw new WeightsError(`the manifest stores weight '${spec.name}' as ${spec.dtype}, where the model's weights are float32`, description, undefined, spec.name);
        }
        const decoded = tf.io.decodeWeights(data.slice(start, start + bytes).buffer, [spec]);
        const tensor = decoded[spec.name]!;
        try {
          return Float32Array.from(tensor.dataSync());
        } finally {
          tensor.dispose();
        }
      },
    };
    if (spec.group === OPTIMIZER_GROUP) {
      optimizerWeights.push(weight);
      continue;
    }
    const list = layers.get(layer) ?? [];
    list.push(weight);
    layers.set(layer, list);
  }
  if (offset !== data.length) {
    throw new WeightsError(`the weight data holds ${data.length} bytes, the manifest declares ${offset}`, description);
  }
  return { description, layerNames: () => [...layers.keys()], weightsOf: (layer) => layers.get(layer), optimizerWeights };
}

/** Save a model as model.json + weights.bin in `dir` (created if needed). */
export async function saveTfjs(model: tfl.LayersModel, modelJsonPath: string): Promise<void> {
  await model.save(fileHandler(modelJsonPath));
}
