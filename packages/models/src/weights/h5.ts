// HDF5 weights through h5wasm (the HDF5 C library compiled to WASM), in its in-memory file system
// so the same code runs in Node and the browser and never writes a host file.
import type { Dataset, Group, File as H5File } from 'h5wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type StoredWeight, type WeightStore, shortWeightName } from './assign.js';
import { WeightsError } from './errors.js';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const H5T_FLOAT = 1;
let fileCounter = 0;

export function isHdf5(bytes: Uint8Array): boolean {
  return HDF5_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

type H5Wasm = typeof import('h5wasm').default;
let loaded: H5Wasm | undefined;

/**
 * h5wasm, imported on first use: most programs never read an HDF5 file, and importing it
 * instantiates its WASM.
 */
async function fileSystem() {
  loaded ??= (await import('h5wasm')).default;
  return (await loaded.ready).FS;
}

/** The loaded module, for code that only runs inside withH5 / createH5 (after fileSystem()). */
function h5wasmLoaded(): H5Wasm {
  if (loaded === undefined) throw new Error('h5wasm used before fileSystem() loaded it');
  return loaded;
}

/** Open HDF5 bytes, run `use`, then close and delete the in-memory copy. */
export async function withH5<T>(bytes: Uint8Array, source: string, use: (file: H5File) => T): Promise<T> {
  if (!isHdf5(bytes)) throw new WeightsError('not an HDF5 file (no HDF5 signature at the start)', source);
  const FS = await fileSystem();
  const name = `/fovea-weights-${++fileCounter}.h5`;
  FS.writeFile(name, bytes);
  let file: H5File | undefined;
  try {
    try {
      file = new (h5wasmLoaded().File)(name, 'r');
    } catch (error) {
      throw new WeightsError(`the HDF5 file could not be opened (truncated or corrupt?): ${(error as Error).message}`, source);
    }
    // h5wasm reports a failed open as a negative id rather than an exception.
    if (BigInt(file.file_id) < 0n) {
      file = undefined;
      throw new WeightsError('the HDF5 file could not be opened (truncated or corrupt?)', source);
    }
    try {
      return use(file);
    } catch (error) {
      if (error instanceof WeightsError) throw error;
      throw new WeightsError(`the HDF5 file could not be read (truncated or corrupt?): ${(error as Error).message}`, source);
    }
  } finally {
    try {
      file?.close();
    } catch {
      // Closing a half-read corrupt file can fail too; the error above is the one that matters.
    }
    FS.unlink(name);
  }
}

/** Build an HDF5 file with `write`, and return its bytes. */
export async function createH5(write: (file: H5File) => void): Promise<Uint8Array> {
  const FS = await fileSystem();
  const name = `/fovea-weights-out-${++fileCounter}.h5`;
  const file = new (h5wasmLoaded().File)(name, 'w');
  try {
    write(file);
    file.flush();
  } finally {
    file.close();
  }
  try {
    return new Uint8Array(FS.readFile(name));
  } finally {
    FS.unlink(name);
  }
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (item instanceof Uint8Array ? new TextDecoder().decode(item) : String(item))).map((s) => s.replace(/\0+$/, ''));
}

function storedDataset(dataset: Dataset, name: string, layer: string, source: string): StoredWeight {
  const metadata = dataset.metadata;
  return {
    name,
    shape: [...(dataset.shape ?? [])],
    read: () => {
      if (metadata.type !== H5T_FLOAT) {
        throw new WeightsError(`layer '${layer}' weight '${name}' is not a floating-point dataset (HDF5 type class ${metadata.type})`, source, layer);
      }
      const value = dataset.value;
      if (!(value instanceof Float32Array || value instanceof Float64Array)) {
        throw new WeightsError(`layer '${layer}' weight '${name}' did not read as a float array`, source, layer);
      }
      return value instanceof Float32Array ? value : Float32Array.from(value);
    },
  };
}

function childGroup(parent: Group, name: string): Group | undefined {
  const child = parent.get(name);
  return child instanceof h5wasmLoaded().Group ? child : undefined;
}

/**
 * Keras 2's HDF5 layout (Keras Applications' .h5 files, tf.keras model.save_weights('x.h5') and
 * model.save('x.h5')): root attribute `layer_names`, one group per layer with attribute
 * `weight_names`, datasets at `<layer>/<weight name>`. A whole-model file nests this in `model_weights`.
 */
export function legacyKerasStore(file: H5File, source: string): WeightStore {
  const root = childGroup(file, 'model_weights') ?? file;
  const attribute = root.attrs['layer_names'];
  if (attribute === undefined) {
    throw new WeightsError(
      "not a Keras 2 weights file: the root has no 'layer_names' attribute (a Keras 3 .weights.h5 file has a 'layers' group instead)",
      source,
    );
  }
  const names = strings(attribute.value);
  return {
    description: source,
    layerNames: () => names,
    weightsOf(layer) {
      if (!names.includes(layer)) return undefined;
      const group = childGroup(root, layer);
      if (group === undefined) throw new WeightsError(`layer '${layer}' is listed in layer_names but has no group (truncated file?)`, source, layer);
      const weightNames = group.attrs['weight_names'];
      if (weightNames === undefined) return [];
      return strings(weightNames.value).map((weightName) => {
        const dataset = group.get(weightName);
        if (!(dataset instanceof h5wasmLoaded().Dataset)) {
          throw new WeightsError(`layer '${layer}' lists weight '${weightName}' but the file has no such dataset (truncated file?)`, source, layer);
        }
        return storedDataset(dataset, weightName, layer, source);
      });
    },
  };
}

/** Keras's naming.to_snake_case, which Keras 3 uses for the paths in its weights files. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A layer as Keras 3 sees it, for computing its path in a weights file. */
export interface Keras3LayerEntry {
  name: string;
  className: string;
}

/**
 * Keras 3 addresses a Functional/Sequential model's layers not by name but by class:
 * `layers/<snake_case class>[_<n>]` in the order of model.layers (saving_lib._save_container_state).
 */
export function keras3LayerPaths(entries: readonly Keras3LayerEntry[]): Map<string, string> {
  const used = new Map<string, number>();
  const paths = new Map<string, string>();
  for (const entry of entries) {
    const base = toSnakeCase(entry.className);
    const count = used.get(base);
    const name = count === undefined ? base : `${base}_${count + 1}`;
    used.set(base, count === undefined ? 0 : count + 1);
    paths.set(entry.name, `layers/${name}`);
  }
  return paths;
}

/** tfjs class names where Keras 3's differ. */
const KERAS3_CLASS: Record<string, string> = { Model: 'Functional', LayersModel: 'Functional' };

/** Our model's layers in Keras 3's order: Functional lists its InputLayers, Sequential does not. */
export function keras3Entries(model: tfl.LayersModel): Keras3LayerEntry[] {
  const sequential = model.getClassName() === 'Sequential';
  return model.layers
    .filter((layer) => !(sequential && layer.getClassName() === 'InputLayer'))
    .map((layer) => ({ name: layer.name, className: KERAS3_CLASS[layer.getClassName()] ?? layer.getClassName() }));
}

/** Keras 3's layout (model.weights.h5 in a .keras archive, or a .weights.h5 file): `layers/<path>/vars/<i>`. */
export function keras3Store(file: H5File, source: string, paths: Map<string, string>): WeightStore {
  if (childGroup(file, 'layers') === undefined) {
    throw new WeightsError("not a Keras 3 weights file: it has no 'layers' group", source);
  }
  return {
    description: source,
    layerNames: () => [...paths.keys()].filter((name) => file.get(paths.get(name)!) !== null),
    weightsOf(layer) {
      const path = paths.get(layer);
      if (path === undefined) return undefined;
      const group = childGroup(file, path);
      if (group === undefined) return undefined;
      const vars = childGroup(group, 'vars');
      if (vars === undefined) return [];
      const keys = vars.keys().sort((a, b) => Number(a) - Number(b));
      return keys.map((key) => {
        const dataset = vars.get(key);
        if (!(dataset instanceof h5wasmLoaded().Dataset)) throw new WeightsError(`layer '${layer}' (${path}) has a non-dataset entry vars/${key}`, source, layer);
        return storedDataset(dataset, `${path}/vars/${key}`, layer, source);
      });
    },
  };
}

function float32Data(variable: tfl.LayerVariable): Float32Array {
  return Float32Array.from(variable.read().dataSync());
}

/**
 * Write Keras 2's HDF5 weights layout (what Keras Applications distributes), which both tf.keras 2
 * and Keras 3 load with model.load_weights('x.h5').
 */
export function writeLegacyKeras(file: H5File, model: tfl.LayersModel): void {
  file.create_attribute('layer_names', model.layers.map((layer) => layer.name));
  file.create_attribute('backend', 'tensorflow');
  // Keras reads this to decide on legacy (Keras 1) conversions; the layout is Keras 2's.
  file.create_attribute('keras_version', '2.15.0');
  for (const layer of model.layers) {
    const group = file.create_group(layer.name);
    const weightNames = layer.weights.map((v) => `${layer.name}/${shortWeightName(v.originalName)}:0`);
    // Keras reads a missing weight_names attribute as "no weights", as for h5py's empty array.
    if (weightNames.length === 0) continue;
    group.create_attribute('weight_names', weightNames);
    const inner = group.create_group(layer.name);
    layer.weights.forEach((variable, i) => {
      const name = weightNames[i]!.slice(layer.name.length + 1);
      inner.create_dataset({ name, data: float32Data(variable), shape: [...(variable.shape as number[])], dtype: '<f' });
    });
  }
}

/** Write Keras 3's layout: `layers/<snake_case class>[_n]/vars/<i>` plus the model's own empty `vars`. */
export function writeKeras3(file: H5File, model: tfl.LayersModel): void {
  const entries = keras3Entries(model);
  const paths = keras3LayerPaths(entries);
  file.create_group('vars');
  file.create_group('layers');
  for (const layer of model.layers) {
    const path = paths.get(layer.name);
    if (path === undefined) continue;
    const vars = file.create_group(path).create_group('vars');
    layer.weights.forEach((variable, i) => {
      vars.create_dataset({ name: String(i), data: float32Data(variable), shape: [...(variable.shape as number[])], dtype: '<f' });
    });
  }
}
