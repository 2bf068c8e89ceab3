// Keras 3 `.keras` archives: a zip of metadata.json, config.json and model.weights.h5, stored
// uncompressed and in that order, as Keras's saving_lib writes them. Only those entries are read, in
// memory; nothing is extracted to disk, so entry names cannot escape anywhere.
import { unzipSync, zipSync } from 'fflate';
import { WeightsError } from './errors.js';
import { MAX_JSON_BYTES, MAX_MODEL_FILE_BYTES } from './files.js';
import type { Keras3LayerEntry } from './h5.js';
import { isObject, type JsonObject } from './keras_config.js';
import { KERAS3_VERSION_WRITTEN, keras3ConfigLayerNames } from './keras_config_write.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
export const WEIGHTS_ENTRY = 'model.weights.h5';
export const CONFIG_ENTRY = 'config.json';
export const METADATA_ENTRY = 'metadata.json';
const ENTRY_LIMITS: Record<string, number> = { [WEIGHTS_ENTRY]: MAX_MODEL_FILE_BYTES, [CONFIG_ENTRY]: MAX_JSON_BYTES, [METADATA_ENTRY]: 2 ** 20 };

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

export interface KerasArchive {
  weights: Uint8Array;
  /** config.json, parsed; undefined when the archive has none. */
  config?: JsonObject;
  /** metadata.json, parsed, when present and valid. */
  metadata?: JsonObject;
  /** Layers in Keras 3's order, from config.json, when it describes a Functional/Sequential model. */
  layers?: Keras3LayerEntry[];
}

function parseEntry(bytes: Uint8Array, entry: string, source: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new WeightsError(`the .keras archive's ${entry} is not valid JSON: ${(error as Error).message}`, source);
  }
}

export function readKerasArchive(bytes: Uint8Array, source: string): KerasArchive {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        const limit = ENTRY_LIMITS[file.name];
        if (limit === undefined) return false;
        if (file.originalSize > limit) {
          throw new WeightsError(`archive entry '${file.name}' declares ${file.originalSize} bytes, more than the ${limit} supported`, source);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof WeightsError) throw error;
    throw new WeightsError(`the .keras archive could not be read (truncated or corrupt zip?): ${(error as Error).message}`, source);
  }
  const weights = entries[WEIGHTS_ENTRY];
  if (weights === undefined) throw new WeightsError(`the .keras archive has no '${WEIGHTS_ENTRY}' entry`, source);
  const archive: KerasArchive = { weights };
  const configBytes = entries[CONFIG_ENTRY];
  if (configBytes !== undefined) {
    const config = parseEntry(configBytes, CONFIG_ENTRY, source);
    if (!isObject(config)) throw new WeightsError(`the .keras archive's ${CONFIG_ENTRY} is not a JSON object`, source);
    archive.config = config;
    const layers = keras3ConfigLayerNames(config);
    if (layers.length > 0) archive.layers = layers;
  }
  const metadataBytes = entries[METADATA_ENTRY];
  if (metadataBytes !== undefined) {
    const metadata = parseEntry(metadataBytes, METADATA_ENTRY, source);
    if (isObject(metadata)) archive.metadata = metadata;
  }
  return archive;
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
