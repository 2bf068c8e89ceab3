// Model configs as Keras 2.0–2.15, Keras 3 and tensorflowjs_converter write them, translated into
// the one form tfjs-layers 4.22 deserializes (Keras 2.3's): Sequential configs as a dict, 'Model'
// for Functional, Keras 3's batch_shape, DTypePolicy objects, module / registered_name envelopes
// and {args, kwargs} inbound nodes, regularizer and initializer classes renamed since Keras 2.4.
// Only plain JSON goes in and out; building the model is model_io.ts's business.
import { ModelFileError } from './errors.js';

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export const MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Functional', 'Model']);
/** More layers than any real network has; a config with more is refused before anything is built. */
const MAX_LAYERS = 100_000;
/** Models nested in models, deeper than this, are refused (and keep the recursion bounded). */
const MAX_NESTING = 16;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a translation is: the file, and the layer being read, for error messages. */
interface Context {
  source: string;
  keras3: boolean;
  layers: number;
}

function fail(ctx: Context, message: string, layer?: string, className?: string): never {
  const where = layer === undefined ? '' : `layer '${layer}'${className ? ` (${className})` : ''}: `;
  throw new ModelFileError(where + message, ctx.source, layer, className);
}

/**
 * The model config inside whatever JSON a file holds: a Keras config ({class_name, config}), a
 * tfjs modelTopology ({model_config, …} from tensorflowjs_converter, or the config itself), or a
 * whole tfjs model.json ({modelTopology, weightsManifest}).
 */
export function unwrapModelConfig(raw: unknown, source: string): JsonObject {
  let value = raw;
  if (isObject(value) && 'modelTopology' in value) value = value['modelTopology'];
  if (isObject(value) && 'model_config' in value) value = value['model_config'];
  if (!isObject(value) || typeof value['class_name'] !== 'string') {
    throw new ModelFileError("the model config is not a Keras model config (a JSON object with 'class_name' and 'config')", source);
  }
  return value;
}

/** Keras 3 writes a 'module' beside every class name and {args, kwargs} inbound nodes. */
function looksLikeKeras3(config: JsonObject): boolean {
  if ('module' in config || 'registered_name' in config) return true;
  const inner = config['config'];
  const layers = isObject(inner) ? inner['layers'] : Array.isArray(inner) ? inner : undefined;
  if (!Array.isArray(layers)) return false;
  return layers.some((layer) => isObject(layer) && ('module' in layer || (Array.isArray(layer['inbound_nodes']) && layer['inbound_nodes'].some(isObject))));
}

/**
 * Translate a Keras 2.0–3.x (or tfjs) model config into the Keras 2.3 form tfjs-layers reads.
 * The result is new JSON; the input is not modified. Throws ModelFileError naming the layer for
 * what has no tfjs equivalent.
 */
export function toTfjsModelConfig(raw: unknown, source: string): JsonObject {
  const config = unwrapModelConfig(raw, source);
  const ctx: Context = { source, keras3: looksLikeKeras3(config), layers: 0 };
  return translateModel(config, ctx, 0);
}

function translateModel(entry: JsonObject, ctx: Context, depth: number): JsonObject {
  if (depth > MAX_NESTING) fail(ctx, `models are nested more than ${MAX_NESTING} deep`);
  const className = entry['class_name'];
  const config = entry['config'];
  if (className === 'Sequential') {
    // Keras ≤ 2.2 wrote a Sequential config as the bare list of its layers.
    const layers = Array.isArray(config) ? config : isObject(config) ? config['layers'] : undefined;
    if (!Array.isArray(layers)) fail(ctx, "the Sequential config has no 'layers' list");
    const name = isObject(config) && typeof config['name'] === 'string' ? config['name'] : 'sequential';
    return { class_name: 'Sequential', config: { name, layers: foldInputLayer(layers.map((layer) => translateLayer(layer, ctx, depth, false))) } };
  }
  if (className === 'Functional' || className === 'Model') {
    if (!isObject(config) || !Array.isArray(config['layers'])) fail(ctx, `the ${className} config has no 'layers' list`);
    const name = typeof config['name'] === 'string' ? config['name'] : 'model';
    const layers = config['layers'].map((layer) => translateLayer(layer, ctx, depth, true));
    return {
      class_name: 'Model',
      config: { name, layers, input_layers: tensorRefs(config['input_layers'], ctx, 'input_layers'), output_layers: tensorRefs(config['output_layers'], ctx, 'output_layers') },
    };
  }
  const registered = typeof entry['registered_name'] === 'string' ? ` (registered as '${entry['registered_name']}')` : '';
  return fail(
    ctx,
    `the model is a '${String(className)}'${registered}, not a Sequential or Functional model: a subclassed model's architecture is Python code, ` +
      'which no file describes; rebuild it in JavaScript and load its weights with loadWeightsInto',
  );
}

/**
 * Keras's Sequential.layers leaves out the InputLayer a config may list first (Keras 3 always does):
 * its shape goes onto the first real layer, as Keras ≤ 2.2 wrote it, so that tfjs's model.layers are
 * Keras's too.
 */
function foldInputLayer(layers: JsonObject[]): JsonObject[] {
  const [first, second] = layers;
  if (first?.['class_name'] !== 'InputLayer' || second === undefined || !isObject(second['config'])) return layers;
  const input = first['config'] as JsonObject;
  const config = { ...second['config'] };
  if (config['batch_input_shape'] === undefined) {
    config['batch_input_shape'] = input['batch_input_shape'] ?? null;
    if (typeof input['dtype'] === 'string') config['dtype'] = input['dtype'];
  }
  return [{ ...second, config }, ...layers.slice(2)];
}

/** A model's input_layers / output_layers: [name, node, tensor] triples, nested, flat (Keras 3, one input) or in a dict. */
function tensorRefs(value: Json | undefined, ctx: Context, key: string): Json[] {
  const refs: Json[] = [];
  const visit = (item: Json | undefined): void => {
    if (Array.isArray(item) && item.length === 3 && typeof item[0] === 'string') {
      if (!Number.isInteger(item[1]) || !Number.isInteger(item[2])) fail(ctx, `${key} holds a malformed reference ${JSON.stringify(item)}`);
      refs.push([item[0], item[1] as number, item[2] as number]);
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (isObject(item)) {
      Object.values(item).forEach(visit);
    } else {
      fail(ctx, `${key} is not a list of [layer, node, tensor] references: ${JSON.stringify(item)}`);
    }
  };
  visit(value);
  if (refs.length === 0) fail(ctx, `the model lists no ${key}`);
  return refs;
}

function translateLayer(entry: Json, ctx: Context, depth: number, functional: boolean): JsonObject {
  if (!isObject(entry) || typeof entry['class_name'] !== 'string') fail(ctx, `a layer entry is not a {class_name, config} object: ${JSON.stringify(entry).slice(0, 200)}`);
  if (++ctx.layers > MAX_LAYERS) fail(ctx, `the config lists more than ${MAX_LAYERS} layers`);
  const rawClass = entry['class_name'];
  const inner = entry['config'];
  const name = typeof entry['name'] === 'string' ? entry['name'] : isObject(inner) && typeof inner['name'] === 'string' ? inner['name'] : undefined;
  if (name === undefined) fail(ctx, `a ${rawClass} layer has no name`);
  let result: JsonObject;
  if (MODEL_CLASSES.has(rawClass)) {
    result = { ...translateModel(entry, ctx, depth + 1), name };
  } else {
    if (!isObject(inner)) fail(ctx, 'its config is not an object', name, rawClass);
    result = { class_name: rawClass, config: translateLayerConfig(rawClass, { ...inner, name }, ctx, name) };
  }
  if (functional) {
    result['name'] = name;
    result['inbound_nodes'] = translateInboundNodes(entry['inbound_nodes'], ctx, name, rawClass);
  }
  return result;
}

/** Keras 3 writes a call as {args: [KerasTensor…], kwargs}; Keras 2 as [[layer, node, tensor, kwargs], …]. */
function translateInboundNodes(nodes: Json | undefined, ctx: Context, layer: string, className: string): Json[] {
  if (nodes === undefined || nodes === null) return [];
  if (!Array.isArray(nodes)) fail(ctx, 'inbound_nodes is not a list', layer, className);
  return nodes.map((node) => {
    if (Array.isArray(node)) {
      return node.map((ref) => {
        if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !Number.isInteger(ref[1]) || !Number.isInteger(ref[2])) {
          fail(ctx, `an inbound node holds a malformed reference ${JSON.stringify(ref)}`, layer, className);
        }
        return [ref[0], ref[1] as number, ref[2] as number, isObject(ref[3]) ? translateValue(ref[3], ctx, layer, className) : {}];
      });
    }
    if (!isObject(node) || !Array.isArray(node['args'])) fail(ctx, `an inbound node is neither a list nor {args, kwargs}: ${JSON.stringify(node).slice(0, 200)}`, layer, className);
    const kwargs = isObject(node['kwargs']) ? node['kwargs'] : {};
    if (containsKerasTensor(kwargs)) fail(ctx, 'it is called with a tensor as a keyword argument (a mask or a second input by name), which tfjs-layers cannot rebuild', layer, className);
    const refs: Json[] = [];
    const visit = (arg: Json): void => {
      if (isKerasTensor(arg)) {
        const history = (arg['config'] as JsonObject)['keras_history'];
        if (!Array.isArray(history) || typeof history[0] !== 'string' || !Number.isInteger(history[1]) || !Number.isInteger(history[2])) {
          fail(ctx, `an argument has a malformed keras_history ${JSON.stringify(history)}`, layer, className);
        }
        refs.push([history[0], history[1] as number, history[2] as number, translateValue(kwargs, ctx, layer, className)]);
      } else if (Array.isArray(arg)) {
        arg.forEach(visit);
      } else if (isObject(arg) && Object.values(arg).some(containsKerasTensor)) {
        Object.values(arg).forEach(visit);
      } else {
        fail(ctx, `it is called with a non-tensor positional argument ${JSON.stringify(arg).slice(0, 100)}, which tfjs-layers cannot pass`, layer, className);
      }
    };
    node['args'].forEach(visit);
    return refs;
  });
}

function isKerasTensor(value: Json): value is JsonObject {
  return isObject(value) && value['class_name'] === '__keras_tensor__' && isObject(value['config']);
}

function containsKerasTensor(value: Json): boolean {
  if (isKerasTensor(value)) return true;
  if (Array.isArray(value)) return value.some(containsKerasTensor);
  if (isObject(value)) return Object.values(value).some(containsKerasTensor);
  return false;
}

/** Keras's float dtypes and mixed-precision policies all compute in float32 here (tfjs has no float16 or float64 kernels). */
function dtypeName(value: Json, ctx: Context, layer: string, className: string): string {
  let name: Json = value;
  if (isObject(value)) {
    const config = value['config'];
    name = isObject(config) ? (config['name'] ?? null) : null;
    if (value['class_name'] === 'QuantizedDTypePolicy' || value['class_name'] === 'QuantizedFloat8DTypePolicy') {
      fail(ctx, `its dtype policy is quantized ('${String(name)}'), which Fovea does not support; save the float model instead`, layer, className);
    }
  }
  if (typeof name !== 'string') fail(ctx, `its dtype ${JSON.stringify(value)} is neither a string nor a DTypePolicy`, layer, className);
  if (/^(mixed_)?(b?float(16|32|64))$/.test(name)) return 'float32';
  if (name === 'int32' || name === 'bool' || name === 'string') return name;
  if (/^u?int(8|16|64)$/.test(name)) return 'int32';
  return fail(ctx, `its dtype '${name}' has no tfjs equivalent`, layer, className);
}

/** Classes renamed or merged since Keras 2.3 (what tfjs-layers 4.22 registers). */
const OBJECT_CLASS_RENAMES: Record<string, string> = { LecunNormal: 'LeCunNormal', LecunUniform: 'LeCunUniform' };

/** Initializer / regularizer / constraint objects: drop Keras 3's envelope, rename the classes tfjs knows by another name. */
function translateObject(value: JsonObject, ctx: Context, layer: string, className: string): JsonObject {
  const objectClass = value['class_name'];
  const config = isObject(value['config']) ? value['config'] : {};
  if (objectClass === 'L2') return { class_name: 'L1L2', config: { l1: 0, l2: numberOr(config['l2'], 0.01) } };
  if (objectClass === 'L1') return { class_name: 'L1L2', config: { l1: numberOr(config['l1'], 0.01), l2: 0 } };
  if (objectClass === 'L1L2') return { class_name: 'L1L2', config: { l1: numberOr(config['l1'], 0), l2: numberOr(config['l2'], 0) } };
  if (typeof objectClass !== 'string') fail(ctx, `an object in its config has no class name: ${JSON.stringify(value).slice(0, 200)}`, layer, className);
  return { class_name: OBJECT_CLASS_RENAMES[objectClass] ?? objectClass, config: translateValue(config, ctx, layer, className) as JsonObject };
}

function numberOr(value: Json | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** Keras activation names tfjs spells otherwise. Keras 3's hard_sigmoid is relu6(x + 3) / 6, not tfjs's (0.2x + 0.5). */
function translateActivation(value: Json, ctx: Context, layer: string, className: string): Json {
  if (value === null) return null;
  if (isObject(value)) {
    // Keras 3 serializes a built-in activation as its name, a user's function as an object.
    const inner = value['config'];
    const fn = typeof inner === 'string' ? inner : isObject(inner) && typeof inner['name'] === 'string' ? inner['name'] : String(value['class_name']);
    if (value['module'] === 'keras.activations' && typeof fn === 'string') return translateActivation(fn, ctx, layer, className);
    return fail(ctx, `its activation is a custom function '${fn}', which is Python code Fovea cannot run; register a tfjs Activation class or rebuild the layer in JavaScript`, layer, className);
  }
  if (typeof value !== 'string') fail(ctx, `its activation ${JSON.stringify(value)} is not a name`, layer, className);
  if (value === 'silu') return 'swish';
  if (value === 'hard_sigmoid' && ctx.keras3) fail(ctx, "Keras 3's hard_sigmoid (relu6(x + 3) / 6) differs from tfjs's (0.2·x + 0.5), so it is not supported", layer, className);
  return value;
}

/** Deep copy of a config value, translating dtypes, activations and nested {class_name, config} objects. */
function translateValue(value: Json, ctx: Context, layer: string, className: string): Json {
  if (Array.isArray(value)) return value.map((item) => translateValue(item, ctx, layer, className));
  if (!isObject(value)) return value;
  if (typeof value['class_name'] === 'string' && 'config' in value && !isKerasTensor(value)) return translateObject(value, ctx, layer, className);
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'module' || key === 'registered_name' || key === 'shared_object_id' || key === 'build_config') continue;
    if (key === 'dtype' && item !== null) out[key] = dtypeName(item, ctx, layer, className);
    else if ((key === 'activation' || key === 'recurrent_activation') && item !== null) out[key] = translateActivation(item, ctx, layer, className);
    else out[key] = translateValue(item, ctx, layer, className);
  }
  return out;
}

/** Keys Keras 3 or late Keras 2 write that tfjs-layers 4.22 does not take; all of them default to no effect. */
const DROPPED_KEYS = ['lora_rank', 'lora_alpha', 'quantization_config', 'synchronized', 'optional', 'ragged', 'input_tensor'];

function translateLayerConfig(className: string, raw: JsonObject, ctx: Context, layer: string): JsonObject {
  const config = translateValue(raw, ctx, layer, className) as JsonObject;
  if (config['ragged'] === true) fail(ctx, 'ragged inputs are not supported', layer, className);
  if (config['synchronized'] === true && className !== 'BatchNormalization') fail(ctx, "'synchronized' is not supported", layer, className);
  if (isObject(config['quantization_config']) || typeof config['quantization_config'] === 'string') {
    fail(ctx, 'quantized layers are not supported; save the float model instead', layer, className);
  }
  for (const key of DROPPED_KEYS) delete config[key];
  if (className === 'InputLayer') {
    if (config['batch_input_shape'] === undefined && config['batch_shape'] !== undefined) config['batch_input_shape'] = config['batch_shape'];
    delete config['batch_shape'];
    if (config['batch_input_shape'] === undefined && config['input_shape'] === undefined) {
      fail(ctx, "it has neither 'batch_shape' nor 'batch_input_shape'", layer, className);
    }
  }
  if (className === 'BatchNormalization') {
    const axis = config['axis'];
    if (Array.isArray(axis)) {
      if (axis.length !== 1 || !Number.isInteger(axis[0])) fail(ctx, `normalizing over several axes ${JSON.stringify(axis)} is not supported`, layer, className);
      config['axis'] = axis[0]!;
    }
    if (config['renorm'] === true) fail(ctx, 'batch renormalization (renorm: true) is not supported', layer, className);
    for (const key of ['renorm', 'renorm_clipping', 'renorm_momentum', 'fused', 'virtual_batch_size', 'adjustment']) delete config[key];
    // tfjs checks these are booleans; Keras 2.14 wrote `scale: 1`.
    if (typeof config['scale'] === 'number') config['scale'] = config['scale'] !== 0;
    if (typeof config['center'] === 'number') config['center'] = config['center'] !== 0;
  }
  if (className === 'LeakyReLU' && config['negative_slope'] !== undefined) {
    config['alpha'] = config['negative_slope'];
    delete config['negative_slope'];
  }
  if (className === 'ReLU') {
    for (const key of ['negative_slope', 'threshold']) {
      const value = config[key];
      if (value !== undefined && value !== null && value !== 0) fail(ctx, `ReLU with ${key} = ${JSON.stringify(value)} is not supported (tfjs's ReLU has only max_value)`, layer, className);
      delete config[key];
    }
  }
  if (className === 'Normalization' && config['invert'] === true) fail(ctx, 'Normalization with invert: true is not supported', layer, className);
  if (className === 'Normalization') delete config['invert'];
  return config;
}

/** Layers tfjs-layers or Fovea compute wrongly (or refuse) with data_format 'channels_first'. */
function brokenChannelsFirst(entry: JsonObject): boolean {
  const config = entry['config'];
  if (!isObject(config) || config['data_format'] !== 'channels_first') return false;
  const className = entry['class_name'];
  // Fovea's DepthwiseConv2D runs NHWC only; tfjs's SeparableConv2D adds its bias on the wrong axis;
  // Fovea's grouped Conv2D is channels_last only.
  return className === 'DepthwiseConv2D' || className === 'SeparableConv2D' || (className === 'Conv2D' && typeof config['groups'] === 'number' && config['groups'] > 1);
}

/** Names of the layers brokenChannelsFirst picks, in every nested model. */
export function channelsFirstLayers(config: JsonObject): Set<string> {
  const names = new Set<string>();
  const visit = (model: JsonObject): void => {
    for (const entry of ((model['config'] as JsonObject)['layers'] ?? []) as JsonObject[]) {
      if (MODEL_CLASSES.has(String(entry['class_name']))) visit(entry);
      else if (brokenChannelsFirst(entry)) names.add(String((entry['config'] as JsonObject)['name']));
    }
  };
  visit(config);
  return names;
}

/**
 * Run the named layers channels-last between two Permute layers: `<name>_to_channels_last`
 * (NCHW → NHWC), the layer with data_format 'channels_last' (BatchNormalization: axis -1), and
 * `<name>_to_channels_first` (back), which takes the layer's place for every consumer. The weights
 * are the same in both layouts (Keras's kernels do not depend on data_format), so they still load
 * by the layer's name. Used where tfjs-layers gets channels_first wrong (see brokenChannelsFirst;
 * BatchNormalization on a non-last axis, which tfjs normalizes with mis-broadcast statistics).
 */
export function moveChannelsLast(config: JsonObject, names: ReadonlySet<string>): JsonObject {
  const copy = JSON.parse(JSON.stringify(config)) as JsonObject;
  const rewrite = (model: JsonObject): void => {
    const inner = model['config'] as JsonObject;
    const functional = model['class_name'] !== 'Sequential';
    const layers: JsonObject[] = [];
    for (const entry of (inner['layers'] ?? []) as JsonObject[]) {
      if (MODEL_CLASSES.has(String(entry['class_name']))) {
        rewrite(entry);
        layers.push(entry);
        continue;
      }
      const layerConfig = entry['config'] as JsonObject;
      const name = String(layerConfig['name']);
      if (!names.has(name)) {
        layers.push(entry);
        continue;
      }
      const toLast = `${name}_to_channels_last`;
      const toFirst = `${name}_to_channels_first`;
      const permuteIn: JsonObject = { class_name: 'Permute', config: { name: toLast, trainable: true, dims: [2, 3, 1] } };
      const permuteOut: JsonObject = { class_name: 'Permute', config: { name: toFirst, trainable: true, dims: [3, 1, 2] } };
      if (layerConfig['batch_input_shape'] !== undefined) {
        (permuteIn['config'] as JsonObject)['batch_input_shape'] = layerConfig['batch_input_shape'];
        delete layerConfig['batch_input_shape'];
      }
      if (entry['class_name'] === 'BatchNormalization') layerConfig['axis'] = -1;
      else layerConfig['data_format'] = 'channels_last';
      if (functional) {
        const nodes = (entry['inbound_nodes'] ?? []) as Json[];
        permuteIn['name'] = toLast;
        permuteIn['inbound_nodes'] = nodes;
        entry['inbound_nodes'] = nodes.map((_, i) => [[toLast, i, 0, {}]]);
        permuteOut['name'] = toFirst;
        permuteOut['inbound_nodes'] = nodes.map((_, i) => [[name, i, 0, {}]]);
      }
      layers.push(permuteIn, entry, permuteOut);
    }
    inner['layers'] = layers;
    if (!functional) return;
    // Every consumer of a rewritten layer now reads the permuted-back tensor.
    const redirect = (ref: Json): void => {
      if (Array.isArray(ref) && typeof ref[0] === 'string' && names.has(ref[0])) ref[0] = `${ref[0]}_to_channels_first`;
    };
    for (const entry of layers) {
      const own = isObject(entry['config']) ? String(entry['config']['name']) : '';
      // A layer's own Permute back reads the layer itself.
      if (own.endsWith('_to_channels_first') && names.has(own.slice(0, -'_to_channels_first'.length))) continue;
      for (const node of (entry['inbound_nodes'] ?? []) as Json[]) if (Array.isArray(node)) node.forEach(redirect);
    }
    ((inner['output_layers'] ?? []) as Json[]).forEach(redirect);
  };
  rewrite(copy);
  return copy;
}
