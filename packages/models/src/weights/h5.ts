// HDF5 weights through h5wasm (the HDF5 C library compiled to WASM), in its in-memory file system
// so the same code runs in Node and the browser and never writes a host file.
import type { Dataset, Group, File as H5File } from 'h5wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type StoredWeight, type WeightStore, shortWeightName } from './assign.js';
import { ModelFileError, WeightsError } from './errors.js';
import { KERAS2_VERSION_WRITTEN } from './keras_config_write.js';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const H5T_FLOAT = 1;
let fileCounter = 0;

export function isHdf5(bytes: Uint8Array): boolean {
  return HDF5_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

type H5Wasm = typeof import('h5wasm').default;
type H5Module = Awaited<H5Wasm['ready']>;
let loaded: H5Wasm | undefined;

/**
 * HDF5's built-in filters, which h5wasm decodes: deflate (1), shuffle (2), fletcher32 (3), n-bit (5),
 * scale-offset (6). Any other (lzf, blosc, szip, …) would need a plugin: such a dataset is refused.
 */
const DECODED_FILTERS = new Set([1, 2, 3, 5, 6]);

/**
 * The one file HDF5 may open while we read or write (its path in h5wasm's file system), and the
 * first other path it tried. HDF5 opens other files for a dataset's external storage, a virtual
 * dataset's sources, an external link and filter plugins; h5wasm's file system holds devices
 * (/dev/urandom) and, during concurrent loads, other models' files. None of that is ours to read.
 */
const guard: { allowed: string | undefined; refused: string | undefined } = { allowed: undefined, refused: undefined };
/** The status of h5wasm's last dataset read, which its Dataset.value ignores (then returning uninitialised memory). */
let lastReadStatus: number | undefined;

/**
 * Adapt h5wasm's module once: HDF5's diagnostics (a 40-line HDF5-DIAG trace on stderr for every
 * corrupt file) are silenced, our errors say what failed; file opens are confined to `guard.allowed`;
 * dataset reads report their status.
 */
function adaptModule(module: H5Module): void {
  const marked = module as H5Module & { foveaAdapted?: boolean };
  if (marked.foveaAdapted) return;
  marked.foveaAdapted = true;
  // The parts of Emscripten's FS used here (its typings lack getStream and ErrnoError).
  const FS = module.FS as unknown as {
    getStream(fd: number): { tty?: { ops: Record<string, unknown> } } | null;
    open(path: string, flags: unknown, mode?: unknown): unknown;
    ErrnoError: new (errno: number) => Error;
  };
  const stderr = FS.getStream(2);
  if (stderr?.tty !== undefined) stderr.tty.ops = { ...stderr.tty.ops, put_char() {}, fsync() {} };
  const open = FS.open.bind(FS);
  const ENOENT = 44;
  FS.open = (path: string, flags: unknown, mode?: unknown) => {
    const normalised = String(path).replace(/\/+/g, '/');
    if (guard.allowed !== undefined && normalised !== guard.allowed) {
      guard.refused ??= String(path);
      throw new FS.ErrnoError(ENOENT);
    }
    return open(path, flags, mode);
  };
  const getDatasetData = module.get_dataset_data.bind(module);
  module.get_dataset_data = (...args: Parameters<H5Module['get_dataset_data']>) => {
    lastReadStatus = getDatasetData(...args);
    return lastReadStatus;
  };
}

/** Run `work` with HDF5 confined to the file at `path` (see `guard`). */
function confinedTo<T>(path: string, work: () => T): T {
  const previous = guard.allowed;
  guard.allowed = path;
  try {
    return work();
  } finally {
    guard.allowed = previous;
  }
}

/**
 * h5wasm, imported on first use: most programs never read an HDF5 file, and importing it
 * instantiates its WASM.
 */
async function fileSystem() {
  loaded ??= (await import('h5wasm')).default;
  const module = await loaded.ready;
  adaptModule(module);
  return module.FS;
}

/**
 * A dataset's value, refusing what h5wasm would hand back unread: virtual datasets (their values
 * live in other files), filters it cannot decode, external storage (HDF5 opens another file) and
 * any failed read (a corrupt chunk). `what` names the dataset in the error.
 */
function checkedValue(dataset: Dataset, what: string, source: string, layer?: string): unknown {
  const sources = (dataset.metadata as { virtual_sources?: Array<{ file_name: string; dset_name: string }> }).virtual_sources;
  if (sources !== undefined && sources.length > 0) {
    const first = sources[0]!;
    throw new WeightsError(`${what} is a virtual dataset mapped from '${first.dset_name}' in '${first.file_name}': Fovea reads only data stored in the file itself`, source, layer);
  }
  const filters = (dataset as unknown as { filters?: Array<{ id: number; name: string }> }).filters ?? [];
  const unknown = filters.find((filter) => !DECODED_FILTERS.has(filter.id));
  if (unknown !== undefined) {
    throw new WeightsError(
      `${what} is compressed with HDF5 filter ${unknown.id} ('${unknown.name}'), which Fovea does not decode (deflate, shuffle, fletcher32, n-bit and scale-offset are read)`,
      source,
      layer,
    );
  }
  guard.refused = undefined;
  lastReadStatus = undefined;
  const value = dataset.value;
  if (guard.refused !== undefined) {
    const other = guard.refused;
    // Reported here, with the dataset: withH5 must not replace this error with its general one.
    guard.refused = undefined;
    throw new WeightsError(`${what} keeps its values in another file ('${other}', HDF5 external storage): Fovea reads only data stored in the file itself`, source, layer);
  }
  if (lastReadStatus !== undefined && lastReadStatus < 0) {
    throw new WeightsError(`${what} could not be read from the HDF5 file (corrupt or truncated data)`, source, layer);
  }
  return value;
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
  // Synchronous from here on: the guard confines HDF5 to this file while it runs.
  return confinedTo(name, () => {
    FS.writeFile(name, bytes);
    let file: H5File | undefined;
    try {
      guard.refused = undefined;
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
      let result: T;
      try {
        result = use(file);
      } catch (error) {
        // An object HDF5 could not reach in another file reads as missing: say why it is missing.
        if (guard.refused !== undefined) throw refusedOtherFile(source);
        if (error instanceof WeightsError || error instanceof ModelFileError) throw error;
        throw new WeightsError(`the HDF5 file could not be read (truncated or corrupt?): ${(error as Error).message}`, source);
      }
      // An external link HDF5 could not follow reads as a missing object: refuse the file all the same.
      if (guard.refused !== undefined) throw refusedOtherFile(source);
      return result;
    } finally {
      try {
        file?.close();
      } catch {
        // Closing a half-read corrupt file can fail too; the error above is the one that matters.
      }
      FS.unlink(name);
    }
  });
}

function refusedOtherFile(source: string): WeightsError {
  return new WeightsError(
    `the HDF5 file refers to another file ('${guard.refused}': an external link, external storage or a virtual dataset): Fovea reads only data stored in the file itself`,
    source,
  );
}

/** Build an HDF5 file with `write`, and return its bytes. */
export async function createH5(write: (file: H5File) => void): Promise<Uint8Array> {
  const FS = await fileSystem();
  const name = `/fovea-weights-out-${++fileCounter}.h5`;
  return confinedTo(name, () => {
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
  });
}

function strings(value: unknown): string[] {
  // h5py writes an empty `weight_names` for a layer without weights; h5wasm reads it as an empty array or buffer.
  if (value === null || value === undefined || (ArrayBuffer.isView(value) && value.byteLength === 0) || (Array.isArray(value) && value.length === 0)) return [];
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
      let value: unknown = checkedValue(dataset, `layer '${layer}' weight '${name}'`, source, layer);
      // A scalar dataset (a Normalization layer's count) reads as a plain number.
      if (typeof value === 'number') value = Float32Array.of(value);
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

/** A string attribute (variable-length or fixed-length bytes, as Keras ≤ 2.4 and h5py write them), or undefined. */
export function stringAttribute(object: Group, name: string): string | undefined {
  const attribute = object.attrs[name];
  if (attribute === undefined) return undefined;
  const value = attribute.value;
  if (value === null) return undefined;
  return strings(value)[0];
}

/** A dataset's values as float64 (the optimizer's int64 iteration counter included). */
function numericValues(dataset: Dataset, name: string, source: string): Float64Array {
  const value: unknown = checkedValue(dataset, `optimizer weight '${name}'`, source);
  if (typeof value === 'number' || typeof value === 'bigint') return Float64Array.of(Number(value));
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return Float64Array.from(value, (v) => Number(v));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Float64Array.from(value as unknown as ArrayLike<number>);
  throw new WeightsError(`optimizer weight '${name}' is not numeric`, source, undefined, name);
}

/** One optimizer weight as a file stores it, read in full (the file closes before the optimizer exists). */
export interface RawWeight {
  name: string;
  shape: number[];
  values: Float64Array;
}

/** Largest optimizer state read: Adam keeps two values per weight, so twice the biggest model plus counters. */
const MAX_OPTIMIZER_ELEMENTS = 2 ** 29;

function readRawWeights(group: Group, names: string[], source: string): RawWeight[] {
  let total = 0;
  return names.map((name) => {
    const dataset = group.get(name);
    if (!(dataset instanceof h5wasmLoaded().Dataset)) {
      throw new WeightsError(`optimizer weight '${name}' is listed but the file has no such dataset (truncated file?)`, source, undefined, name);
    }
    const shape = [...(dataset.shape ?? [])];
    total += shape.reduce((a, b) => a * b, 1);
    if (total > MAX_OPTIMIZER_ELEMENTS) throw new WeightsError(`the optimizer state holds more than ${MAX_OPTIMIZER_ELEMENTS} values`, source, undefined, name);
    return { name, shape, values: numericValues(dataset, name, source) };
  });
}

/** A Keras 2 / Keras 3 legacy .h5's optimizer state: `optimizer_weights` with its `weight_names`, in file order. */
export function legacyOptimizerWeights(file: H5File, source: string): RawWeight[] {
  const group = childGroup(file, 'optimizer_weights');
  if (group === undefined) return [];
  const names = group.attrs['weight_names'];
  return names === undefined ? [] : readRawWeights(group, strings(names.value), source);
}

/** A Keras 3 weights file's optimizer state: `optimizer/vars/<i>` in index order, and the optimizer's name ('adam'). */
export function keras3OptimizerWeights(file: H5File, source: string): { name: string | undefined; weights: RawWeight[] } {
  const vars = childGroup(file, 'optimizer/vars');
  if (vars === undefined) return { name: undefined, weights: [] };
  const keys = vars.keys().filter((key) => /^\d+$/.test(key)).sort((a, b) => Number(a) - Number(b));
  return { name: stringAttribute(vars, 'name'), weights: readRawWeights(vars, keys, source) };
}

/** Values in a Keras 3 weights file's `layers` group: the most a config built against it may allocate. */
export function keras3WeightElements(file: H5File): number {
  const layers = childGroup(file, 'layers');
  return layers === undefined ? 0 : datasetElements(layers);
}

/** Total values in the datasets under `group` (bounded walk). */
function datasetElements(group: Group, limit = 1_000_000): number {
  let total = 0;
  let visited = 0;
  const walk = (node: Group): void => {
    for (const key of node.keys()) {
      if (++visited > limit) throw new Error(`more than ${limit} HDF5 objects`);
      const child = node.get(key);
      if (child instanceof h5wasmLoaded().Dataset) total += (child.shape ?? []).reduce((a, b) => a * b, 1);
      else if (child instanceof h5wasmLoaded().Group) walk(child);
    }
  };
  walk(group);
  return total;
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
          throw new WeightsError(`layer '${layer}' lists weight '${weightName}' but the file has no such dataset (truncated file?)`, source, layer, weightName);
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
    unmappedEntries() {
      const mapped = new Set(paths.values());
      const layers = childGroup(file, 'layers')!;
      return layers
        .keys()
        .map((key) => `layers/${key}`)
        .filter((path) => {
          if (mapped.has(path)) return false;
          const vars = childGroup(file, `${path}/vars`);
          return vars !== undefined && vars.keys().length > 0;
        });
    },
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

/** Keras 2's weight names for a layer's variables: '<layer>/<weight>:0' (a nested model's: its sublayers' names). */
function keras2WeightNames(layer: tfl.layers.Layer): string[] {
  const nested = 'layers' in layer && Array.isArray((layer as tfl.LayersModel).layers);
  return layer.weights.map((v) => (nested ? `${v.originalName}:0` : `${layer.name}/${shortWeightName(v.originalName)}:0`));
}

/** Keras 2's per-layer groups: `layer_names` on `root`, `weight_names` on each layer group, datasets at `<layer>/<weight name>`. */
function writeKeras2Layers(root: Group, model: tfl.LayersModel): void {
  root.create_attribute('layer_names', model.layers.map((layer) => layer.name));
  root.create_attribute('backend', 'tensorflow');
  // Keras reads this to decide on legacy (Keras 1) conversions; the layout is Keras 2's.
  root.create_attribute('keras_version', KERAS2_VERSION_WRITTEN);
  for (const layer of model.layers) {
    // Keras Applications name some layers 'conv1/conv' (DenseNet): h5py makes the intermediate groups, as here.
    const group = groupAt(root, layer.name);
    const weightNames = keras2WeightNames(layer);
    // Keras reads a missing weight_names attribute as "no weights", as for h5py's empty array.
    if (weightNames.length === 0) continue;
    group.create_attribute('weight_names', weightNames);
    layer.weights.forEach((variable, i) => {
      writeFloat32(group, weightNames[i]!, variable);
    });
  }
}

/** The group at `path` under `root`, created with its intermediate groups where missing. */
function groupAt(root: Group, path: string): Group {
  let group = root;
  for (const part of path.split('/')) group = childGroup(group, part) ?? group.create_group(part);
  return group;
}

/** A float32 dataset at `path` under `group`, creating the intermediate groups ('conv1/kernel:0'). */
function writeFloat32(group: Group, path: string, variable: tfl.LayerVariable): void {
  const parts = path.split('/');
  const parent = groupAt(group, parts.slice(0, -1).join('/'));
  parent.create_dataset({ name: parts[parts.length - 1]!, data: float32Data(variable), shape: [...(variable.shape as number[])], dtype: '<f' });
}

/**
 * Write Keras 2's HDF5 weights layout (what Keras Applications distributes), which both tf.keras 2
 * and Keras 3 load with model.load_weights('x.h5').
 */
export function writeLegacyKeras(file: H5File, model: tfl.LayersModel): void {
  writeKeras2Layers(file, model);
}

/** An optimizer weight to write: name as Keras would give it, and its value. */
export interface NamedValues {
  name: string;
  shape: number[];
  values: Float32Array | Float64Array;
  /** int64 for Keras's iteration counter. */
  dtype?: 'float32' | 'int64';
}

function writeValues(group: Group, path: string, weight: NamedValues): void {
  const parts = path.split('/');
  const parent = parts.length > 1 ? groupAt(group, parts.slice(0, -1).join('/')) : group;
  const name = parts[parts.length - 1]!;
  if (weight.dtype === 'int64') {
    parent.create_dataset({ name, data: BigInt64Array.from(weight.values, (v) => BigInt(Math.round(v))), shape: weight.shape, dtype: '<q' });
  } else {
    parent.create_dataset({ name, data: Float32Array.from(weight.values), shape: weight.shape, dtype: '<f' });
  }
}

/**
 * A Keras 2 whole-model file (model.save('x.h5')): root attributes keras_version, backend,
 * model_config and training_config, the weights under /model_weights, the optimizer's state under
 * /optimizer_weights with its weight_names.
 */
export function writeKerasModelH5(file: H5File, model: tfl.LayersModel, modelConfig: string, trainingConfig?: string, optimizerWeights: NamedValues[] = []): void {
  file.create_attribute('keras_version', KERAS2_VERSION_WRITTEN);
  file.create_attribute('backend', 'tensorflow');
  file.create_attribute('model_config', modelConfig);
  if (trainingConfig !== undefined) file.create_attribute('training_config', trainingConfig);
  writeKeras2Layers(file.create_group('model_weights'), model);
  if (optimizerWeights.length > 0) {
    const group = file.create_group('optimizer_weights');
    group.create_attribute('weight_names', optimizerWeights.map((w) => w.name));
    for (const weight of optimizerWeights) writeValues(group, weight.name, weight);
  }
}

/**
 * Write Keras 3's layout: the model's own (empty) `vars`, `layers/<snake_case class>[_n]/vars/<i>`
 * for every layer in Keras 3's order (those without weights too), each `vars` group named after its
 * owner as Keras 3.10+ does, and the optimizer's `optimizer/vars/<i>` when given.
 */
export function writeKeras3(file: H5File, model: tfl.LayersModel, entries: readonly Keras3LayerEntry[] = keras3Entries(model), optimizer?: { name: string; weights: NamedValues[] }): void {
  const paths = keras3LayerPaths(entries);
  file.create_group('vars').create_attribute('name', model.name);
  file.create_group('layers');
  for (const entry of entries) {
    const path = paths.get(entry.name)!;
    const vars = file.create_group(path).create_group('vars');
    vars.create_attribute('name', entry.name);
    const layer = model.getLayer(entry.name);
    layer.weights.forEach((variable, i) => {
      vars.create_dataset({ name: String(i), data: float32Data(variable), shape: [...(variable.shape as number[])], dtype: '<f' });
    });
  }
  if (optimizer !== undefined && optimizer.weights.length > 0) {
    const vars = file.create_group('optimizer').create_group('vars');
    vars.create_attribute('name', optimizer.name);
    optimizer.weights.forEach((weight, i) => {
      writeValues(vars, String(i), weight);
    });
  }
}
