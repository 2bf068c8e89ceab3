// A tfjs-layers model's config written the way Keras writes it: Keras 2.15's form for the
// model_config of a whole-model .h5 (what tf.keras 2 and Keras 3's legacy loader read), and
// Keras 3's form for a .keras archive's config.json (module / registered_name envelopes, DTypePolicy
// objects, batch_shape, {args, kwargs} inbound nodes, build_config). Both start from tfjs's own
// Keras-2-style config (model.toJSON), so every registered layer class serializes as it does in tfjs.
import type * as tfl from '@tensorflow/tfjs-layers';
import { isObject, type Json, type JsonObject } from './keras_config.js';

/** The Keras layouts these files follow; Keras reads keras_version to decide on legacy conversions. */
export const KERAS2_VERSION_WRITTEN = '2.15.0';
export const KERAS3_VERSION_WRITTEN = '3.11.3';

/**
 * Layer classes of keras.layers that tfjs-layers (or Fovea) implements under the same name. Other
 * registered classes (Fovea's LocalResponseNormalization, the fused layers, composite blocks) are
 * written as custom objects, registered_name 'Fovea>ClassName', as Keras writes a registered class.
 */
const KERAS_LAYERS = new Set(
  (
    'Activation ActivityRegularization Add AlphaDropout Average AveragePooling1D AveragePooling2D AveragePooling3D BatchNormalization ' +
    'Bidirectional CenterCrop Concatenate Conv1D Conv1DTranspose Conv2D Conv2DTranspose Conv3D Conv3DTranspose ConvLSTM2D Cropping1D ' +
    'Cropping2D Cropping3D Dense DepthwiseConv1D DepthwiseConv2D Dot Dropout ELU Embedding Flatten GaussianDropout GaussianNoise ' +
    'GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GRU ' +
    'InputLayer LayerNormalization LeakyReLU LSTM Masking Maximum MaxPooling1D MaxPooling2D MaxPooling3D Minimum Multiply Normalization ' +
    'Permute PReLU RandomBrightness RandomContrast RandomCrop RandomFlip RandomRotation RandomTranslation RandomZoom ReLU RepeatVector ' +
    'Rescaling Reshape Resizing SeparableConv1D SeparableConv2D SimpleRNN Softmax SpatialDropout1D SpatialDropout2D SpatialDropout3D ' +
    'Subtract TimeDistributed UnitNormalization UpSampling1D UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D'
  ).split(' '),
);

/** tfjs class names Keras spells otherwise. */
const KERAS_OBJECT_NAMES: Record<string, string> = { LeCunNormal: 'LecunNormal', LeCunUniform: 'LecunUniform' };

const FLOAT32_POLICY: JsonObject = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

function modelClass(model: tfl.LayersModel): 'Sequential' | 'Functional' {
  return model.getClassName() === 'Sequential' ? 'Sequential' : 'Functional';
}

/** tfjs's own config of the model (Keras 2 style, snake_case), as plain JSON. */
function tfjsConfig(model: tfl.LayersModel): JsonObject {
  return JSON.parse(JSON.stringify(model.toJSON(null, false))) as JsonObject;
}

/** Rename initializer/regularizer/constraint classes to Keras's names, recursively. */
function kerasObjectNames(value: Json): Json {
  if (Array.isArray(value)) return value.map(kerasObjectNames);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) out[key] = kerasObjectNames(item);
  if (typeof out['class_name'] === 'string' && 'config' in out) out['class_name'] = KERAS_OBJECT_NAMES[out['class_name']] ?? out['class_name'];
  return out;
}

/** The model_config of a Keras 2 whole-model .h5: tfjs's config with Keras 2.4+'s class names. */
export function keras2ModelConfig(model: tfl.LayersModel): JsonObject {
  const config = kerasObjectNames(tfjsConfig(model)) as JsonObject;
  return { class_name: modelClass(model), config: renameNestedModels(config['config'] ?? {}) as JsonObject };
}

/** tfjs calls a nested functional model 'Model'; Keras 2.4+ calls it 'Functional'. */
function renameNestedModels(value: Json): Json {
  if (Array.isArray(value)) return value.map(renameNestedModels);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) out[key] = renameNestedModels(item);
  if (out['class_name'] === 'Model' && isObject(out['config']) && Array.isArray(out['config']['layers'])) out['class_name'] = 'Functional';
  return out;
}

/** Which Keras module an object under `key` comes from, for Keras 3's envelope. */
function objectModule(key: string): string {
  if (key.endsWith('initializer')) return 'keras.initializers';
  if (key.endsWith('regularizer')) return 'keras.regularizers';
  if (key.endsWith('constraint')) return 'keras.constraints';
  return 'keras';
}

/** Wrap nested {class_name, config} objects in Keras 3's envelope. */
function keras3Objects(value: Json, key: string): Json {
  if (Array.isArray(value)) return value.map((item) => keras3Objects(item, key));
  if (!isObject(value)) return value;
  if (typeof value['class_name'] === 'string' && isObject(value['config'])) {
    const className = KERAS_OBJECT_NAMES[value['class_name']] ?? value['class_name'];
    return { module: objectModule(key), class_name: className, config: keras3Objects(value['config'], key) as JsonObject, registered_name: null };
  }
  const out: JsonObject = {};
  for (const [inner, item] of Object.entries(value)) out[inner] = keras3Objects(item, inner);
  return out;
}

/** Defaults Keras 3 writes for keys tfjs's configs leave out. */
function keras3LayerDefaults(className: string, config: JsonObject): void {
  if (className === 'Conv2D' && config['groups'] === undefined) config['groups'] = 1;
  if (className === 'ReLU') {
    config['negative_slope'] ??= 0;
    config['threshold'] ??= 0;
  }
  if (className === 'BatchNormalization') config['synchronized'] ??= false;
  // Keras 3's Dense leaves activity_regularizer out of its config unless one is set.
  if (className === 'Dense' && config['activity_regularizer'] === null) delete config['activity_regularizer'];
}

/** Shapes of a node's input tensors: one shape, or a list for a layer called on several tensors. */
function nodeInputShape(layer: tfl.layers.Layer, nodeIndex = 0): Json {
  const node = layer.inboundNodes[nodeIndex];
  const shapes = (node?.inputShapes ?? []) as unknown as Json[];
  if (shapes.length === 0) return null;
  return shapes.length === 1 && Array.isArray(shapes[0]) && !Array.isArray(shapes[0][0]) ? shapes[0]! : (shapes as Json);
}

/** Keras 3's reference to an output tensor of a layer, as it appears in a call's args. */
function kerasTensor(model: tfl.LayersModel, layerName: string, nodeIndex: number, tensorIndex: number): JsonObject {
  const layer = model.getLayer(layerName);
  const node = layer.inboundNodes[nodeIndex] ?? layer.inboundNodes[0];
  const shape = (node?.outputTensors[tensorIndex]?.shape ?? null) as Json;
  return { class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [layerName, nodeIndex, tensorIndex] } };
}

/** One layer entry (from tfjs's config) in Keras 3's form. */
function keras3Layer(entry: JsonObject, model: tfl.LayersModel, functional: boolean): JsonObject {
  const className = String(entry['class_name']);
  const name = String(entry['name'] ?? (entry['config'] as JsonObject)['name']);
  if (className === 'Model' || className === 'Sequential') {
    const nested = model.getLayer(name) as tfl.LayersModel;
    const inner = keras3ModelConfig(nested);
    return functional ? { ...inner, name, inbound_nodes: keras3InboundNodes(entry, model) } : inner;
  }
  const config = keras3Objects(kerasObjectNames(entry['config'] ?? {}), '') as JsonObject;
  const layer = model.getLayer(name);
  let out: JsonObject;
  if (className === 'InputLayer') {
    const { batch_input_shape: batchShape, dtype, sparse, name: inputName } = config;
    out = {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: batchShape ?? null, dtype: dtype ?? 'float32', sparse: sparse ?? false, ragged: false, name: inputName ?? name },
      registered_name: null,
    };
  } else {
    delete config['batch_input_shape'];
    delete config['input_shape'];
    keras3LayerDefaults(className, config);
    const ordered: JsonObject = { name: config['name'] ?? name, trainable: config['trainable'] ?? true, dtype: FLOAT32_POLICY };
    for (const [key, value] of Object.entries(config)) if (!(key in ordered)) ordered[key] = value;
    const builtin = KERAS_LAYERS.has(className);
    out = {
      module: builtin ? 'keras.layers' : 'fovea',
      class_name: className,
      config: ordered,
      registered_name: builtin ? null : `Fovea>${className}`,
    };
    // Keras 3 records build shapes only for layers with a build step of their own (not pooling or dropout).
    const inputShape = nodeInputShape(layer);
    if (inputShape !== null && !/Pooling[123]D$|Dropout|Noise$/.test(className)) out['build_config'] = { input_shape: inputShape };
  }
  if (functional) {
    out['name'] = name;
    out['inbound_nodes'] = keras3InboundNodes(entry, model);
  }
  return out;
}

/** tfjs's [[layer, node, tensor, kwargs], …] per call → Keras 3's {args, kwargs}. */
function keras3InboundNodes(entry: JsonObject, model: tfl.LayersModel): Json[] {
  const nodes = Array.isArray(entry['inbound_nodes']) ? entry['inbound_nodes'] : [];
  return nodes.map((node) => {
    const refs = (Array.isArray(node) ? node : []) as Json[][];
    const tensors = refs.map((ref) => kerasTensor(model, String(ref[0]), Number(ref[1]), Number(ref[2])));
    const kwargs = isObject(refs[0]?.[3]) ? refs[0][3] : {};
    return { args: tensors.length === 1 ? [tensors[0]!] : [tensors], kwargs };
  });
}

/** A model's input_layers / output_layers: flat when there is one, as Keras 3 writes a model built on one tensor. */
function keras3Refs(refs: Json | undefined): Json {
  const list = Array.isArray(refs) ? refs : [];
  return list.length === 1 ? list[0]! : list;
}

/** The model's config as Keras 3 writes it into config.json (without compile_config). */
export function keras3ModelConfig(model: tfl.LayersModel): JsonObject {
  const top = tfjsConfig(model);
  const config = (top['config'] ?? {}) as JsonObject;
  const layers = (Array.isArray(config['layers']) ? config['layers'] : []) as JsonObject[];
  const name = String(config['name'] ?? model.name);
  const inputShape = (model.inputs[0]?.shape ?? null) as Json;
  if (modelClass(model) === 'Sequential') {
    const keras3Layers = layers.map((entry) => keras3Layer(entry, model, false));
    // Keras 3 lists a Sequential model's input as an InputLayer first; tfjs puts batch_input_shape on the
    // first layer and names the input after it ('conv2d_input', as tf.keras 2 did).
    if (keras3Layers[0]?.['class_name'] !== 'InputLayer') {
      keras3Layers.unshift({
        module: 'keras.layers',
        class_name: 'InputLayer',
        config: { batch_shape: inputShape, dtype: 'float32', sparse: false, ragged: false, name: model.inputLayers[0]?.name ?? model.inputs[0]?.name ?? 'input_layer' },
        registered_name: null,
      });
    }
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: { name, trainable: model.trainable, dtype: FLOAT32_POLICY, layers: keras3Layers, build_input_shape: inputShape },
      registered_name: null,
      build_config: { input_shape: inputShape },
    };
  }
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name,
      trainable: model.trainable,
      layers: layers.map((entry) => keras3Layer(entry, model, true)),
      input_layers: keras3Refs(config['input_layers']),
      output_layers: keras3Refs(config['output_layers']),
    },
    registered_name: 'Functional',
  };
}

/** Layers in Keras 3's `layers` order from a Keras 3 config (written or read): Sequential leaves out its InputLayer. */
export function keras3ConfigLayerNames(config: JsonObject): { name: string; className: string }[] {
  const inner = config['config'];
  const layers = isObject(inner) ? inner['layers'] : Array.isArray(inner) ? inner : undefined;
  if (!Array.isArray(layers)) return [];
  const sequential = config['class_name'] === 'Sequential';
  const out: { name: string; className: string }[] = [];
  for (const layer of layers) {
    if (!isObject(layer)) continue;
    const className = layer['class_name'];
    const layerConfig = layer['config'];
    const name = typeof layer['name'] === 'string' ? layer['name'] : isObject(layerConfig) ? layerConfig['name'] : undefined;
    if (typeof className !== 'string' || typeof name !== 'string') continue;
    if (sequential && className === 'InputLayer') continue;
    out.push({ name, className: className === 'Model' ? 'Functional' : className });
  }
  return out;
}
