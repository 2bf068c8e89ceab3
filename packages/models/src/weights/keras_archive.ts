// Keras 3 `.keras` archives: a zip of metadata.json, config.json and model.weights.h5, stored
// uncompressed and in that order, as Keras's saving_lib writes them. Only those entries are read, in
// memory; nothing is extracted to disk, so entry names cannot escape anywhere. An archive can be a
// zip bomb (1.5 MB inflating to 1.5 GiB): sizes are checked against the central directory first,
// entries inflate in a stream that stops at a ceiling, and the weights' HDF5 signature is checked
// on their first bytes.
import type * as tfl from '@tensorflow/tfjs-layers';
import { Unzip, UnzipInflate, unzipSync, zipSync } from 'fflate';
import { WeightsError } from './errors.js';
import { MAX_JSON_BYTES, MAX_MODEL_FILE_BYTES } from './files.js';
import { isHdf5, type Keras3LayerEntry } from './h5.js';
import { isObject, type JsonObject } from './keras_config.js';
import { KERAS3_VERSION_WRITTEN, keras3ConfigLayerNames } from './keras_config_write.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
export const WEIGHTS_ENTRY = 'model.weights.h5';
export const CONFIG_ENTRY = 'config.json';
export const METADATA_ENTRY = 'metadata.json';
const ENTRY_LIMITS: Record<string, number> = { [WEIGHTS_ENTRY]: MAX_MODEL_FILE_BYTES, [CONFIG_ENTRY]: MAX_JSON_BYTES, [METADATA_ENTRY]: 2 ** 20 };
/** Compressed bytes pushed through the inflater at a time: bounds one step's output (deflate inflates at most ~1032:1). */
const PUSH_BYTES = 16 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/** A .keras archive whose small entries are read and whose weights are inflated on request. */
export interface KerasArchive {
  /** config.json, parsed; undefined when the archive has none. */
  config?: JsonObject;
  /** metadata.json, parsed, when present and valid. */
  metadata?: JsonObject;
  /** Layers in Keras 3's order, from config.json, when it describes a Functional/Sequential model. */
  layers?: Keras3LayerEntry[];
  /** The size model.weights.h5 declares in the central directory. */
  weightsBytes: number;
  /**
   * Inflate model.weights.h5, stopping with an error as soon as it passes `maxBytes` (or its
   * declared size), or when its first bytes are not HDF5's signature.
   */
  inflateWeights(maxBytes: number): Uint8Array;
}

function parseEntry(bytes: Uint8Array, entry: string, source: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new WeightsError(`the .keras archive's ${entry} is not valid JSON: ${(error as Error).message}`, source);
  }
}

function corrupt(source: string, error: unknown): WeightsError {
  if (error instanceof WeightsError) return error;
  return new WeightsError(`the .keras archive could not be read (truncated or corrupt zip?): ${(error as Error).message}`, source);
}

/** The central directory's declared (uncompressed) size of each entry we read, checked against ENTRY_LIMITS. */
function declaredSizes(bytes: Uint8Array, source: string): Map<string, number> {
  const sizes = new Map<string, number>();
  try {
    unzipSync(bytes, {
      filter: (file) => {
        const limit = ENTRY_LIMITS[file.name];
        if (limit === undefined) return false;
        if (sizes.has(file.name)) throw new WeightsError(`the .keras archive holds '${file.name}' twice`, source);
        if (file.originalSize > limit) {
          throw new WeightsError(`archive entry '${file.name}' declares ${file.originalSize} bytes, more than the ${limit} supported`, source);
        }
        sizes.set(file.name, file.originalSize);
        // Nothing is inflated here: this pass reads the directory only.
        return false;
      },
    });
  } catch (error) {
    throw corrupt(source, error);
  }
  return sizes;
}

/**
 * Inflate the entry `name` in a stream, at most `maxBytes` (and its declared size `declared`):
 * the output buffer is the declared size, and inflation stops at the first byte past it.
 * `check(first)` sees the first bytes (at least 8, or all of a shorter entry) before more are kept.
 */
function inflateEntry(bytes: Uint8Array, source: string, name: string, declared: number, maxBytes: number, check?: (first: Uint8Array) => void): Uint8Array {
  if (declared > maxBytes) {
    throw new WeightsError(`archive entry '${name}' declares ${declared} bytes, more than the ${maxBytes} expected for it`, source);
  }
  const out = new Uint8Array(declared);
  let length = 0;
  let failure: unknown;
  let done = false;
  let checked = check === undefined;
  const unzip = new Unzip((file) => {
    if (file.name !== name || done || failure !== undefined) return;
    file.ondata = (error, chunk, final) => {
      if (failure !== undefined) return;
      if (error) {
        failure = error;
        return;
      }
      if (length + chunk.length > declared) {
        failure = new WeightsError(
          `archive entry '${name}' inflates past ${declared === maxBytes ? `the ${maxBytes} bytes expected` : `its declared ${declared} bytes`} (a zip bomb, or a corrupt archive)`,
          source,
        );
        file.terminate();
        return;
      }
      out.set(chunk, length);
      length += chunk.length;
      if (!checked && (length >= 8 || final)) {
        checked = true;
        try {
          check!(out.subarray(0, length));
        } catch (checkError) {
          failure = checkError;
          file.terminate();
          return;
        }
      }
      if (final) done = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.length && failure === undefined && !done; offset += PUSH_BYTES) {
      unzip.push(bytes.subarray(offset, offset + PUSH_BYTES), offset + PUSH_BYTES >= bytes.length);
    }
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw corrupt(source, failure);
  if (!done || length !== declared) {
    throw new WeightsError(`archive entry '${name}' inflates to ${length} bytes, its directory declares ${declared} (truncated or corrupt archive)`, source);
  }
  if (!checked) check?.(out);
  return out;
}

/**
 * Open a .keras archive: the central directory's sizes (checked against per-entry limits), then
 * config.json and metadata.json, each inflated in a stream bounded by its declared size. The
 * weights stay compressed until `inflateWeights(maxBytes)`.
 */
export function openKerasArchive(bytes: Uint8Array, source: string): KerasArchive {
  const sizes = declaredSizes(bytes, source);
  const weightsBytes = sizes.get(WEIGHTS_ENTRY);
  if (weightsBytes === undefined) throw new WeightsError(`the .keras archive has no '${WEIGHTS_ENTRY}' entry`, source);
  const archive: KerasArchive = {
    weightsBytes,
    inflateWeights: (maxBytes) =>
      inflateEntry(bytes, source, WEIGHTS_ENTRY, weightsBytes, Math.min(maxBytes, ENTRY_LIMITS[WEIGHTS_ENTRY]!), (first) => {
        if (!isHdf5(first)) throw new WeightsError(`the .keras archive's ${WEIGHTS_ENTRY} is not an HDF5 file (no HDF5 signature at its start)`, source);
      }),
  };
  const configSize = sizes.get(CONFIG_ENTRY);
  if (configSize !== undefined) {
    const config = parseEntry(inflateEntry(bytes, source, CONFIG_ENTRY, configSize, ENTRY_LIMITS[CONFIG_ENTRY]!), CONFIG_ENTRY, source);
    if (!isObject(config)) throw new WeightsError(`the .keras archive's ${CONFIG_ENTRY} is not a JSON object`, source);
    archive.config = config;
    const layers = keras3ConfigLayerNames(config);
    if (layers.length > 0) archive.layers = layers;
  }
  const metadataSize = sizes.get(METADATA_ENTRY);
  if (metadataSize !== undefined) {
    const metadata = parseEntry(inflateEntry(bytes, source, METADATA_ENTRY, metadataSize, ENTRY_LIMITS[METADATA_ENTRY]!), METADATA_ENTRY, source);
    if (isObject(metadata)) archive.metadata = metadata;
  }
  return archive;
}

/**
 * The most bytes model.weights.h5 may inflate to for `model`: `maxWeightsBytes` when given, else
 * what the model's weights can take in a Keras 3 weights file — the float32 values, optimizer
 * state beside them (Adam keeps two slots per weight) and HDF5's metadata per dataset. An entry
 * that inflates past this does not hold these weights (or is a zip bomb).
 */
export function archiveWeightsCeiling(model: tfl.LayersModel, maxWeightsBytes: number | undefined, source: string): number {
  if (maxWeightsBytes !== undefined) {
    if (!Number.isInteger(maxWeightsBytes) || maxWeightsBytes < 1) {
      throw new WeightsError(`maxWeightsBytes: got ${maxWeightsBytes}, expected a positive whole number of bytes`, source);
    }
    return maxWeightsBytes;
  }
  const values = model.weights.reduce((total, w) => total + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
  return Math.min(ENTRY_LIMITS[WEIGHTS_ENTRY]!, 3 * 4 * values + 64 * 1024 * (3 * model.weights.length + 64) + 2 ** 20);
}

/** Keras's date_saved format: 2025-12-06@00:53:39 (local time, as datetime.now()). */
function kerasDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}@${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A .keras archive: the entries Keras writes, in its order, stored (Keras uses ZIP_STORED). */
export function writeKerasArchive(config: JsonObject, weights: Uint8Array): Uint8Array {
  const metadata = { keras_version: KERAS3_VERSION_WRITTEN, date_saved: kerasDate(new Date()) };
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return zipSync({ [METADATA_ENTRY]: encode(metadata), [CONFIG_ENTRY]: encode(config), [WEIGHTS_ENTRY]: weights }, { level: 0 });
}
