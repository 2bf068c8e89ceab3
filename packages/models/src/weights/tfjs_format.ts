// tfjs's own format: model.json (topology + weightsManifest) and binary shards, read and written
// through tfjs's IOHandler interface, so tfl.loadLayersModel(fileHandler(path)) works in Node too.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { StoredWeight, WeightStore } from './assign.js';
import { WeightsError } from './errors.js';

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
const SHARD_NAME = /^[\w.-]+$/;

function specBytes(spec: tf.io.WeightsManifestEntry, source: string): number {
  const elements = spec.shape.reduce((a, b) => a * b, 1);
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES[dtype];
  if (bytes === undefined || !spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new WeightsError(`weight '${spec.name}' has an unsupported dtype '${dtype}' or shape [${spec.shape}]`, source);
  }
  return elements * bytes;
}

/** Check a shard path from model.json: a plain file name or sub-path, never leaving the model's folder. */
export function safeShardPath(path: string, source: string): string {
  const parts = path.split('/');
  if (path.startsWith('/') || path.includes('\\') || parts.some((part) => part === '..' || part === '.' || !SHARD_NAME.test(part))) {
    throw new WeightsError(`weights manifest path '${path}' is not a plain relative file name`, source);
  }
  return path;
}

/** An IOHandler for a model.json on the local file system (Node): load, and save (model.json + one shard). */
export function fileHandler(modelJsonPath: string): Required<Pick<tf.io.IOHandler, "load" | "save">> {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const { readFile, stat } = await import('node:fs/promises');
      const { dirname, join } = await import('node:path');
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as tf.io.ModelJSON;
      } catch (error) {
        throw new WeightsError(`model.json could not be read or parsed: ${(error as Error).message}`, modelJsonPath);
      }
      if (!Array.isArray(json.weightsManifest)) throw new WeightsError("model.json has no 'weightsManifest' list", modelJsonPath);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const shards: Uint8Array[] = [];
      let declared = 0;
      for (const group of json.weightsManifest) {
        if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new WeightsError('a weightsManifest group lacks paths or weights', modelJsonPath);
        specs.push(...group.weights);
        for (const spec of group.weights) declared += specBytes(spec, modelJsonPath);
        for (const path of group.paths) {
          const file = join(dirname(modelJsonPath), safeShardPath(path, modelJsonPath));
          // The manifest declares the size; check the shard files agree before reading them.
          const size = (await stat(file).catch(() => {
            throw new WeightsError(`weight shard '${path}' is missing`, modelJsonPath);
          })).size;
          if (size > declared) throw new WeightsError(`weight shard '${path}' (${size} bytes) is larger than the manifest declares (${declared} bytes)`, modelJsonPath);
          shards.push(new Uint8Array(await readFile(file)));
        }
      }
      const total = shards.reduce((sum, shard) => sum + shard.length, 0);
      if (total !== declared) {
        throw new WeightsError(`the weight shards hold ${total} bytes, the manifest declares ${declared} (truncated or mismatched files)`, modelJsonPath);
      }
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const shard of shards) {
        weightData.set(shard, offset);
        offset += shard.length;
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
    },
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

/** Expose tfjs model artifacts as a WeightStore: weight 'conv1/kernel' belongs to layer 'conv1'. */
export function tfjsArtifactsStore(artifacts: tf.io.ModelArtifacts, description: string): WeightStore {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData ? new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[])) : new Uint8Array();
  const layers = new Map<string, StoredWeight[]>();
  let offset = 0;
  for (const spec of specs) {
    const bytes = specBytes(spec, description);
    const start = offset;
    offset += bytes;
    if (offset > data.length) throw new WeightsError(`weight '${spec.name}' runs past the end of the weight data (${data.length} bytes): truncated file`, description);
    const slash = spec.name.lastIndexOf('/');
    const layer = slash > 0 ? spec.name.slice(0, slash) : spec.name;
    const list = layers.get(layer) ?? [];
    list.push({
      name: spec.name,
      shape: [...spec.shape],
      read: () => {
        const decoded = tf.io.decodeWeights(data.slice(start, start + bytes).buffer, [spec]);
        const tensor = decoded[spec.name]!;
        try {
          return Float32Array.from(tensor.dataSync());
        } finally {
          tensor.dispose();
        }
      },
    });
    layers.set(layer, list);
  }
  if (offset !== data.length) {
    throw new WeightsError(`the weight data holds ${data.length} bytes, the manifest declares ${offset}`, description);
  }
  return { description, layerNames: () => [...layers.keys()], weightsOf: (layer) => layers.get(layer) };
}

/** Save a model as model.json + weights.bin in `dir` (created if needed). */
export async function saveTfjs(model: tfl.LayersModel, modelJsonPath: string): Promise<void> {
  await model.save(fileHandler(modelJsonPath));
}
