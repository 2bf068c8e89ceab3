// Keras 3 `.keras` archives: a zip of config.json, metadata.json and model.weights.h5. Only those
// entries are read, in memory; nothing is extracted to disk, so entry names cannot escape anywhere.
import type * as tfl from '@tensorflow/tfjs-layers';
import { unzipSync, zipSync } from 'fflate';
import { WeightsError } from './errors.js';
import type { Keras3LayerEntry } from './h5.js';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const WEIGHTS_ENTRY = 'model.weights.h5';
const CONFIG_ENTRY = 'config.json';
/** h5wasm's in-memory file system lives in 32-bit WASM: larger weight files cannot be opened anyway. */
const MAX_ENTRY_BYTES = 2 ** 31 - 1;

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

export interface KerasArchive {
  weights: Uint8Array;
  /** Layers in Keras 3's order, from config.json, when it describes a Functional/Sequential model. */
  layers?: Keras3LayerEntry[];
}

interface LayerConfig {
  class_name?: unknown;
  config?: { name?: unknown };
  name?: unknown;
}

function layersFromConfig(config: unknown): Keras3LayerEntry[] | undefined {
  const top = config as { class_name?: unknown; config?: { layers?: unknown } };
  const layers = top?.config?.layers;
  if (!Array.isArray(layers)) return undefined;
  const sequential = top.class_name === 'Sequential';
  const entries: Keras3LayerEntry[] = [];
  for (const layer of layers as LayerConfig[]) {
    const name = layer?.config?.name ?? layer?.name;
    const className = layer?.class_name;
    if (typeof name !== 'string' || typeof className !== 'string') return undefined;
    // Keras 3's Sequential.layers leaves out its InputLayer; Functional.layers keeps it.
    if (sequential && className === 'InputLayer') continue;
    entries.push({ name, className: className === 'Model' ? 'Functional' : className });
  }
  return entries;
}

export function readKerasArchive(bytes: Uint8Array, source: string): KerasArchive {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        if (file.name !== WEIGHTS_ENTRY && file.name !== CONFIG_ENTRY) return false;
        if (file.originalSize > MAX_ENTRY_BYTES) {
          throw new WeightsError(`archive entry '${file.name}' declares ${file.originalSize} bytes, more than the ${MAX_ENTRY_BYTES} supported`, source);
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
  const configBytes = entries[CONFIG_ENTRY];
  let layers: Keras3LayerEntry[] | undefined;
  if (configBytes !== undefined) {
    try {
      layers = layersFromConfig(JSON.parse(new TextDecoder().decode(configBytes)));
    } catch (error) {
      throw new WeightsError(`the .keras archive's config.json is not valid JSON: ${(error as Error).message}`, source);
    }
  }
  return { weights, ...(layers ? { layers } : {}) };
}

/**
 * A .keras archive of the model. config.json carries the tfjs topology (Keras 2 style) in Keras 3's
 * envelope; Keras 3's model.load_weights('x.keras') reads only model.weights.h5, which follows Keras 3's layout.
 */
export function writeKerasArchive(model: tfl.LayersModel, weights: Uint8Array): Uint8Array {
  const topology = model.toJSON(null, false) as { class_name?: string; config?: unknown };
  const className = topology.class_name === 'Model' ? 'Functional' : topology.class_name;
  const config = { module: 'keras', class_name: className, config: topology.config, registered_name: className };
  const metadata = { keras_version: '3.0.0', generated_by: 'Fovea (@foveajs/models)', date_saved: new Date().toISOString() };
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return zipSync({ 'metadata.json': encode(metadata), 'config.json': encode(config), [WEIGHTS_ENTRY]: weights }, { level: 0 });
}
