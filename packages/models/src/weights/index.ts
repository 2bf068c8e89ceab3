// Weights I/O: load Keras (legacy .h5, Keras 3 .keras / .weights.h5) and tfjs (model.json)
// weights into a model, from a path, a URL or 'imagenet', and save them in those formats; and
// whole models (architecture + weights) with loadModel / saveModel (model_io.ts).
import type * as tfl from '@tensorflow/tfjs-layers';
import { type AssignOptions, assignWeights, type WeightStore } from './assign.js';
import { cacheNameForUrl, cachedDownload, type DownloadOptions } from './cache.js';
import { ModelFileError, WeightsError } from './errors.js';
import { createH5, isHdf5, keras3Entries, keras3LayerPaths, keras3Store, legacyKerasStore, withH5, writeKeras3, writeLegacyKeras } from './h5.js';
import { keras3ConfigLayerNames, keras3ModelConfig } from './keras_config_write.js';
import { type ImagenetWeightsQuery, imagenetWeightsFile } from './imagenet.js';
import { archiveWeightsCeiling, isZip, openKerasArchive, writeKerasArchive } from './keras_archive.js';
import { fileHandler, loadOverHttp, saveTfjs, tfjsArtifactsStore } from './tfjs_format.js';
import { MAX_MODEL_FILE_BYTES, readRegularFile } from './files.js';

export type WeightsFormat = 'tfjs' | 'h5' | 'keras' | 'weights.h5';

export interface SaveWeightsOptions {
  /**
   * 'h5': Keras 2's layout (as Keras Applications' files); 'weights.h5': Keras 3's layout;
   * 'keras': a Keras 3 archive; 'tfjs': model.json + weights.bin. Default: from the file name.
   */
  format?: WeightsFormat;
}

export interface LoadWeightsOptions extends AssignOptions, DownloadOptions {
  /** Which official file 'imagenet' means; inferred from the model's Keras name when left out. */
  imagenet?: Partial<ImagenetWeightsQuery>;
  /**
   * The most bytes a .keras archive's model.weights.h5 may inflate to. Default: what the model's
   * weights can take (3 × 4 bytes per value, for optimizer state beside them, plus HDF5 metadata).
   */
  maxWeightsBytes?: number;
}

export function formatFromPath(path: string): WeightsFormat {
  if (/\.weights\.h5$/i.test(path)) return 'weights.h5';
  if (/\.(h5|hdf5)$/i.test(path)) return 'h5';
  if (/\.keras$/i.test(path)) return 'keras';
  if (/\.json$/i.test(path)) return 'tfjs';
  throw new Error(`saveWeights: cannot tell the format of '${path}': expected a .h5, .weights.h5, .keras or .json path, or pass { format }`);
}

/** Save the model's weights (tfjs and .keras: with the topology) in one of the supported formats. */
export async function saveWeights(model: tfl.LayersModel, path: string, options: SaveWeightsOptions = {}): Promise<void> {
  const format = options.format ?? formatFromPath(path);
  if (format === 'tfjs') return saveTfjs(model, path);
  let bytes: Uint8Array;
  if (format === 'h5') bytes = await createH5((file) => writeLegacyKeras(file, model));
  else if (format === 'weights.h5') bytes = await createH5((file) => writeKeras3(file, model));
  else if (format === 'keras') {
    const config = keras3ModelConfig(model);
    bytes = writeKerasArchive(config, await createH5((file) => writeKeras3(file, model, keras3ConfigLayerNames(config))));
  }
  else throw new Error(`saveWeights: format '${String(format)}' is not supported, expected 'tfjs', 'h5', 'weights.h5' or 'keras'`);
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** Keras's model names for the zoo ('vgg16', 'mobilenet_1.00_224', …) → the imagenet query. */
function inferImagenetQuery(model: tfl.LayersModel, given: Partial<ImagenetWeightsQuery> = {}): ImagenetWeightsQuery {
  const includeTop = given.includeTop ?? model.layers.some((layer) => layer.name === 'predictions');
  if (given.model !== undefined) return { ...given, model: given.model, includeTop };
  const name = model.name.toLowerCase();
  const mobile = /^(mobilenet|mobilenetv2)_(\d+\.\d+)_(\d+)$/.exec(name);
  if (mobile) return { model: mobile[1]!, alpha: Number(mobile[2]), rows: Number(mobile[3]), includeTop };
  return { model: name, includeTop };
}

/** Build a WeightStore from a file's bytes, by content (HDF5, zip or JSON), and use it. */
async function withStoreFromBytes<T>(
  model: tfl.LayersModel,
  bytes: Uint8Array,
  source: string,
  maxWeightsBytes: number | undefined,
  use: (store: WeightStore) => T,
): Promise<T> {
  if (isZip(bytes)) {
    const archive = openKerasArchive(bytes, source);
    const paths = keras3LayerPaths(archive.layers ?? keras3Entries(model));
    const weights = archive.inflateWeights(archiveWeightsCeiling(model, maxWeightsBytes, source));
    return withH5(weights, `${source}!model.weights.h5`, (file) => use(keras3Store(file, `${source}!model.weights.h5`, paths)));
  }
  if (isHdf5(bytes)) {
    return withH5(bytes, source, (file) => {
      const keras3 = file.attrs['layer_names'] === undefined && file.get('model_weights') === null && file.get('layers') !== null;
      return use(keras3 ? keras3Store(file, source, keras3LayerPaths(keras3Entries(model))) : legacyKerasStore(file, source));
    });
  }
  throw new WeightsError('unrecognised weights file: expected HDF5 (.h5), a .keras zip archive, or a tfjs model.json', source);
}

/**
 * Load weights into `model` from a local path, an http(s)/file URL, or 'imagenet' (Keras's official
 * files, downloaded once into the cache directory). Formats: Keras 2 .h5, Keras 3 .keras and
 * .weights.h5, tfjs model.json. Every layer with weights must be found with the same shapes; on any
 * error (a WeightsError names the layer) the model keeps its old weights.
 */
export async function loadWeightsInto(model: tfl.LayersModel, source: string, options: LoadWeightsOptions = {}): Promise<tfl.LayersModel> {
  if (typeof source !== 'string' || source === '') {
    throw new Error(`weights: expected 'imagenet', a file path or a URL, got ${JSON.stringify(source)}`);
  }
  // Checked before any file is read, so a bad option is never reported as a bad file.
  if (options.match !== undefined && options.match !== 'name' && options.match !== 'order') {
    throw new Error(`loadWeightsInto: match: expected 'name' or 'order', got ${JSON.stringify(options.match)}`);
  }
  let path: string;
  if (source === 'imagenet') {
    const file = imagenetWeightsFile(inferImagenetQuery(model, options.imagenet));
    path = await cachedDownload(file.url, file.fileName, { ...options, ...(file.md5 ? { hash: file.md5 } : {}) });
  } else if (/^https?:\/\//i.test(source)) {
    if (/\.json([?#].*)?$/i.test(source)) {
      // tfjs's own http handler fetches model.json and its shards relative to it.
      const artifacts = await loadOverHttp(source);
      assignWeights(model, tfjsArtifactsStore(artifacts, source), options);
      return model;
    }
    path = await cachedDownload(source, cacheNameForUrl(source), options);
  } else if (/^file:\/\//i.test(source)) {
    const { fileURLToPath } = await import('node:url');
    path = fileURLToPath(source);
  } else {
    path = source;
  }
  // A regular file only (a FIFO would block, /dev/zero never end), at most what h5wasm can open.
  const bytes = await readRegularFile(path, MAX_MODEL_FILE_BYTES, (message) => new WeightsError(`the weights file cannot be read: ${message}`, path));
  if (bytes[0] === 0x7b /* '{' */) {
    assignWeights(model, tfjsArtifactsStore(await fileHandler(path).load(), path), options);
    return model;
  }
  await withStoreFromBytes(model, bytes, path, options.maxWeightsBytes, (store) => assignWeights(model, store, options));
  return model;
}

export { type AssignOptions, assignWeights, type StoredWeight, type WeightStore } from './assign.js';
export { LENET5_MNIST_WEIGHTS } from './bundled.js';
export { cachedDownload, cachePath, defaultCacheDir, type DownloadOptions } from './cache.js';
export { ModelFileError, WeightsError };
export { MAX_JSON_BYTES, parseJson, readRegularFile } from './files.js';
export { toSnakeCase } from './h5.js';
export { type ImagenetWeightsFile, type ImagenetWeightsQuery, imagenetWeightsFile } from './imagenet.js';
export { fileHandler } from './tfjs_format.js';
export { loadGraphModel } from './graph_model.js';
export { type LoadModelOptions, loadModel, type ModelFormat, type ModelSource, type SaveModelOptions, saveModel } from './model_io.js';
