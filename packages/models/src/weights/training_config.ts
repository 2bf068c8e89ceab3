// The training side of a Keras file: compile a loaded model as the file records (optimizer, loss,
// metrics) and restore the optimizer's state (Adam's moments, SGD's momentum), and the reverse for
// saving. Keras has written the state five ways since 2.0; each is mapped onto the model's trainable
// weights in order and checked shape by shape before anything is set.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelFileError } from './errors.js';
import type { NamedValues, RawWeight } from './h5.js';
import { isObject, type Json, type JsonObject } from './keras_config.js';

/** What a file records about training, whichever format wrote it. */
export interface KerasTraining {
  /** Legacy .h5 / tfjs training_config, or a Keras 3 compile_config. */
  config: JsonObject | undefined;
  /** The optimizer's saved variables, in file order. */
  state: RawWeight[];
  /** The optimizer's name as the weights file records it (Keras 3's optimizer/vars 'name' attribute). */
  stateOwner?: string | undefined;
}

function snakeToCamel(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function camelToSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

const LOSS_ALIASES: Record<string, string> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mape: 'mean_absolute_percentage_error',
  msle: 'mean_squared_logarithmic_error',
  kld: 'kullback_leibler_divergence',
  kl_divergence: 'kullback_leibler_divergence',
  log_cosh: 'logcosh',
  cosine_similarity: 'cosine_proximity',
};
const TFJS_LOSSES = new Set([
  'meanSquaredError',
  'meanAbsoluteError',
  'meanAbsolutePercentageError',
  'meanSquaredLogarithmicError',
  'squaredHinge',
  'hinge',
  'categoricalHinge',
  'logcosh',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
  'binaryCrossentropy',
  'kullbackLeiblerDivergence',
  'poisson',
  'cosineProximity',
]);

/** A Keras loss (name or {class_name, config}) → tfjs's name; unsupported options are errors. */
function lossName(value: Json, source: string): string {
  let name: Json = value;
  if (isObject(value)) {
    const config = isObject(value['config']) ? value['config'] : {};
    if (config['from_logits'] === true) throw new ModelFileError(`the loss ${String(value['class_name'])} with from_logits: true has no tfjs equivalent; load with compile: false and compile the model yourself`, source);
    if (typeof config['label_smoothing'] === 'number' && config['label_smoothing'] !== 0) {
      throw new ModelFileError(`the loss ${String(value['class_name'])} with label_smoothing has no tfjs equivalent; load with compile: false and compile the model yourself`, source);
    }
    name = typeof config['fn'] === 'string' ? config['fn'] : typeof config['name'] === 'string' ? config['name'] : camelToSnake(String(value['class_name']));
  }
  if (typeof name !== 'string') throw new ModelFileError(`the loss ${JSON.stringify(value)} is not one Fovea can read`, source);
  const snake = LOSS_ALIASES[name] ?? name;
  const tfjs = snakeToCamel(snake);
  if (!TFJS_LOSSES.has(tfjs)) throw new ModelFileError(`the loss '${name}' has no tfjs equivalent; load with compile: false and compile the model yourself`, source);
  return tfjs;
}

const METRIC_NAMES: Record<string, string> = {
  accuracy: 'accuracy',
  acc: 'accuracy',
  categorical_accuracy: 'categoricalAccuracy',
  sparse_categorical_accuracy: 'sparseCategoricalAccuracy',
  binary_accuracy: 'binaryAccuracy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  mean_absolute_percentage_error: 'meanAbsolutePercentageError',
  mape: 'meanAbsolutePercentageError',
  cosine_proximity: 'cosineProximity',
};

/** Metrics tfjs has; others (Precision at a threshold, AUC, …) only report and are left out. */
function metricNames(value: Json | undefined): string[] {
  const names: string[] = [];
  const visit = (item: Json | undefined): void => {
    if (Array.isArray(item)) item.forEach(visit);
    else if (typeof item === 'string') {
      const name = METRIC_NAMES[item];
      if (name !== undefined) names.push(name);
    } else if (isObject(item)) {
      const config = isObject(item['config']) ? item['config'] : {};
      const key = typeof config['fn'] === 'string' ? config['fn'] : typeof config['name'] === 'string' ? config['name'] : camelToSnake(String(item['class_name']));
      if (item['class_name'] === 'MeanMetricWrapper' || METRIC_NAMES[key] !== undefined) visit(key);
    }
  };
  visit(value);
  return [...new Set(names)];
}

function numberOption(config: JsonObject, keys: string[], fallback: number, source: string): number {
  for (const key of keys) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ModelFileError(`the optimizer's ${key} is ${JSON.stringify(value).slice(0, 100)}, not a number (a learning-rate schedule?); load with compile: false and compile the model yourself`, source);
    }
    return value;
  }
  return fallback;
}

/** Options Keras has and tfjs's optimizers lack: a file that uses them cannot be compiled faithfully. */
const UNSUPPORTED_OPTIONS = ['decay', 'weight_decay', 'clipnorm', 'clipvalue', 'global_clipnorm', 'amsgrad', 'use_ema', 'gradient_accumulation_steps', 'loss_scale_factor'];

/** Keras's optimizer config → a tfjs optimizer with the same hyperparameters. */
function makeOptimizer(optimizer: Json | undefined, source: string): tf.Optimizer {
  let className: string;
  let config: JsonObject = {};
  if (typeof optimizer === 'string') className = optimizer;
  else if (isObject(optimizer) && typeof optimizer['class_name'] === 'string') {
    className = optimizer['class_name'];
    config = isObject(optimizer['config']) ? optimizer['config'] : {};
  } else throw new ModelFileError(`the optimizer ${JSON.stringify(optimizer)?.slice(0, 100)} is not one Fovea can read`, source);
  const kind = className.replace(/^Custom>/, '').toLowerCase();
  for (const key of UNSUPPORTED_OPTIONS) {
    const value = config[key];
    if (value !== undefined && value !== null && value !== false && value !== 0) {
      throw new ModelFileError(`the optimizer ${className} uses ${key} = ${JSON.stringify(value)}, which tfjs's optimizers lack; load with compile: false and compile the model yourself`, source);
    }
  }
  const lr = (fallback: number) => numberOption(config, ['learning_rate', 'lr'], fallback, source);
  const num = (key: string, fallback: number) => numberOption(config, [key], fallback, source);
  switch (kind) {
    case 'adam':
      return tf.train.adam(lr(0.001), num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', 1e-7));
    case 'sgd': {
      const momentum = num('momentum', 0);
      return momentum === 0 ? tf.train.sgd(lr(0.01)) : tf.train.momentum(lr(0.01), momentum, config['nesterov'] === true);
    }
    case 'rmsprop':
      return tf.train.rmsprop(lr(0.001), num('rho', 0.9), num('momentum', 0), num('epsilon', 1e-7), config['centered'] === true);
    case 'adagrad':
      return tf.train.adagrad(lr(0.001), num('initial_accumulator_value', 0.1));
    case 'adadelta':
      return tf.train.adadelta(lr(0.001), num('rho', 0.95), num('epsilon', 1e-7));
    case 'adamax':
      return tf.train.adamax(lr(0.001), num('beta_1', 0.9), num('beta_2', 0.999), num('epsilon', 1e-7), 0);
    default:
      throw new ModelFileError(`the optimizer '${className}' has no tfjs equivalent; load with compile: false and compile the model yourself`, source);
  }
}

/** The optimizer, loss and metrics a training / compile config records. */
function trainingArgs(config: JsonObject, stateOwner: string | undefined, source: string): tfl.ModelCompileArgs {
  // Legacy .h5 and tfjs: optimizer_config; Keras 3: optimizer (absent in some Keras 3.11 files: then
  // the weights file's optimizer name, else Keras's default, rmsprop).
  const optimizer = config['optimizer_config'] ?? config['optimizer'] ?? (stateOwner !== undefined ? { class_name: stateOwner, config: {} } : 'rmsprop');
  const lossValue = config['loss'];
  if (lossValue === undefined || lossValue === null) throw new ModelFileError('the training config records no loss', source);
  let loss: string | string[] | { [output: string]: string };
  if (Array.isArray(lossValue)) loss = lossValue.map((item) => lossName(item, source));
  else if (isObject(lossValue) && typeof lossValue['class_name'] !== 'string') {
    loss = Object.fromEntries(Object.entries(lossValue).map(([output, item]) => [output, lossName(item, source)]));
  } else loss = lossName(lossValue, source);
  for (const key of ['loss_weights', 'weighted_metrics', 'sample_weight_mode']) {
    if (config[key] !== undefined && config[key] !== null) throw new ModelFileError(`the training config's ${key} is not supported by tfjs; load with compile: false`, source);
  }
  return { optimizer: makeOptimizer(optimizer, source), loss, metrics: metricNames(config['metrics']) };
}

/** Split Keras's optimizer variables into the iteration count and per-weight slots. */
function slotsOf(state: RawWeight[]): { iterations: number; slots: RawWeight[]; interleaved: boolean } {
  let iterations = 0;
  const slots: RawWeight[] = [];
  let interleaved = false;
  state.forEach((weight, i) => {
    const name = weight.name;
    const scalar = weight.shape.length === 0;
    if (scalar && (/iter/i.test(name) || (i === 0 && /^\d+$/.test(name)))) iterations = weight.values[0] ?? 0;
    else if (scalar && (/learning_rate|\blr\b/.test(name) || (i === 1 && /^\d+$/.test(name)))) {
      // Keras 3 keeps the learning rate as a variable; the compile config has the same value.
    } else slots.push(weight);
    // Keras 3 (momentum/velocity pairs, or bare indices) and Keras 2.11+ ('Adam/m/…', 'Adam/v/…') interleave a weight's slots.
    if (/_(momentum|velocity)$|\/[mv]\/|^\d+$/.test(name)) interleaved = true;
  });
  return { iterations, slots, interleaved };
}

/** Restore Adam's or SGD-momentum's state onto `optimizer`, slot by slot against the trainable weights. */
async function restoreState(model: tfl.LayersModel, optimizer: tf.Optimizer, state: RawWeight[], source: string): Promise<void> {
  if (state.length === 0) return;
  const className = optimizer.getClassName();
  const slotsPerWeight = className === 'Adam' ? 2 : className === 'Momentum' ? 1 : 0;
  const { iterations, slots, interleaved } = slotsOf(state);
  if (slotsPerWeight === 0) {
    console.warn(`loadModel: the ${className} optimizer's saved state is not restored (only Adam's and SGD momentum's are); training continues from fresh optimizer state (model from ${source})`);
    return;
  }
  const weights = model.trainableWeights;
  const n = weights.length;
  // Keras ≤ 2.3 kept an (unused unless amsgrad) third slot per weight for Adam: vhat.
  if (slots.length !== slotsPerWeight * n && !(className === 'Adam' && slots.length === 3 * n)) {
    throw new ModelFileError(
      `the ${className} optimizer state holds ${slots.length} slot variables, the model has ${n} trainable weights (${slotsPerWeight} each expected): the state belongs to another model`,
      source,
    );
  }
  const slot = (weight: number, which: number): RawWeight => slots[interleaved ? weight * slotsPerWeight + which : which * n + weight]!;
  const named: { name: string; tensor: tf.Tensor }[] = [];
  try {
    named.push({ name: 'iter', tensor: tf.scalar(iterations, 'int32') });
    for (let which = 0; which < slotsPerWeight; which++) {
      for (let i = 0; i < n; i++) {
        const saved = slot(i, which);
        const variable = weights[i]!;
        const shape = variable.shape as number[];
        if (saved.shape.length !== shape.length || saved.shape.some((d, k) => d !== shape[k])) {
          throw new ModelFileError(
            `optimizer weight '${saved.name}' has shape [${saved.shape}], but the model weight it belongs to, '${variable.originalName}', has [${shape}]: the optimizer state belongs to another model`,
            source,
            variable.originalName.split('/')[0],
          );
        }
        named.push({ name: `${variable.originalName}/${['m', 'v'][which]}`, tensor: tf.tensor(Float32Array.from(saved.values), shape, 'float32') });
      }
    }
    await optimizer.setWeights(named);
  } finally {
    tf.dispose(named.map((entry) => entry.tensor));
  }
}

/** Compile `model` as the file records, and restore the optimizer state it holds. */
export async function compileAsSaved(model: tfl.LayersModel, training: KerasTraining, source: string): Promise<void> {
  if (training.config === undefined) {
    throw new ModelFileError('compile: true, but the file records no training configuration (the model was saved uncompiled); load with compile: false and compile it yourself', source);
  }
  const args = trainingArgs(training.config, training.stateOwner, source);
  try {
    model.compile(args);
    await restoreState(model, args.optimizer as tf.Optimizer, training.state, source);
  } catch (error) {
    (args.optimizer as tf.Optimizer).dispose();
    throw error;
  }
}

/** What saveModel writes about training: Keras's configs and the optimizer's state in Keras's order. */
export interface SavedTraining {
  /** Keras 2's training_config (.h5). */
  trainingConfig: JsonObject;
  /** Keras 3's compile_config (.keras config.json). */
  compileConfig: JsonObject;
  /** Keras's optimizer name ('adam'), for Keras 3's optimizer/vars. */
  optimizerName: string;
  /** Keras 3's optimizer variables: iteration, learning_rate, then each weight's slots. */
  keras3State: NamedValues[];
  /** Keras 2.11+'s optimizer weights for .h5: 'iteration:0', 'Adam/m/<weight>:0', 'Adam/v/<weight>:0', …. */
  keras2State: NamedValues[];
}

/** tfjs optimizer → Keras class name and config. */
function kerasOptimizer(optimizer: tf.Optimizer): { className: string; config: JsonObject } {
  const className = optimizer.getClassName();
  const c = optimizer.getConfig() as Record<string, number | boolean | undefined>;
  const common = { weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null, use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null };
  const lr = (c['learningRate'] as number | undefined) ?? 0.001;
  switch (className) {
    case 'Adam':
      return { className: 'Adam', config: { name: 'adam', learning_rate: lr, ...common, beta_1: c['beta1'] as number, beta_2: c['beta2'] as number, epsilon: c['epsilon'] as number, amsgrad: false } };
    case 'SGD':
      return { className: 'SGD', config: { name: 'SGD', learning_rate: lr, ...common, momentum: 0, nesterov: false } };
    case 'Momentum':
      return { className: 'SGD', config: { name: 'SGD', learning_rate: lr, ...common, momentum: c['momentum'] as number, nesterov: c['useNesterov'] === true } };
    case 'RMSProp':
      return { className: 'RMSprop', config: { name: 'rmsprop', learning_rate: lr, ...common, rho: c['decay'] as number, momentum: c['momentum'] as number, epsilon: c['epsilon'] as number, centered: c['centered'] === true } };
    case 'Adagrad':
      return { className: 'Adagrad', config: { name: 'adagrad', learning_rate: lr, ...common, initial_accumulator_value: c['initialAccumulatorValue'] as number, epsilon: 1e-7 } };
    case 'Adadelta':
      return { className: 'Adadelta', config: { name: 'adadelta', learning_rate: lr, ...common, rho: c['rho'] as number, epsilon: c['epsilon'] as number } };
    case 'Adamax':
      return { className: 'Adamax', config: { name: 'adamax', learning_rate: lr, ...common, beta_1: c['beta1'] as number, beta_2: c['beta2'] as number, epsilon: c['epsilon'] as number } };
    default:
      throw new Error(`saveModel: the optimizer ${className} has no Keras equivalent`);
  }
}

function kerasName(identifier: Json): Json {
  if (typeof identifier === 'string') return identifier === 'accuracy' || identifier === 'acc' ? 'accuracy' : camelToSnake(identifier);
  if (Array.isArray(identifier)) return identifier.map(kerasName);
  if (isObject(identifier)) return Object.fromEntries(Object.entries(identifier).map(([k, v]) => [k, kerasName(v)]));
  return identifier;
}

/** The Keras side of a compiled model's training setup and optimizer state; undefined when it is not compiled. */
export async function savedTraining(model: tfl.LayersModel): Promise<SavedTraining | undefined> {
  const optimizer = (model as unknown as { optimizer?: tf.Optimizer }).optimizer;
  if (optimizer === undefined || optimizer === null) return undefined;
  const { className, config } = kerasOptimizer(optimizer);
  // getTrainingConfig is protected in tfjs's typings; it is what tfjs itself saves.
  const tfjsTraining = (model as unknown as { getTrainingConfig(): { loss: Json; metrics: Json } }).getTrainingConfig();
  const loss = kerasName(tfjsTraining.loss);
  const metrics = kerasName(tfjsTraining.metrics ?? []);
  const trainingConfig: JsonObject = { loss, metrics, weighted_metrics: null, loss_weights: null, optimizer_config: { class_name: className, config } };
  const compileConfig: JsonObject = {
    optimizer: { module: 'keras.optimizers', class_name: className, config, registered_name: null },
    loss,
    loss_weights: null,
    metrics,
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
  const optimizerName = String(config['name']).toLowerCase();
  const keras3State: NamedValues[] = [];
  const keras2State: NamedValues[] = [];
  const tfjsClass = optimizer.getClassName();
  const slotsPerWeight = tfjsClass === 'Adam' ? 2 : tfjsClass === 'Momentum' ? 1 : 0;
  const saved = slotsPerWeight > 0 ? await optimizer.getWeights() : [];
  const weights = model.trainableWeights;
  // tfjs creates the slots on the first training step: an optimizer that never stepped has no state, as in Keras.
  // getWeights makes a new scalar for the iteration count; the slots are the optimizer's own variables.
  const iterations = saved.length > 0 ? ((await saved[0]!.tensor.data())[0] ?? 0) : 0;
  saved[0]?.tensor.dispose();
  if (saved.length === 1 + slotsPerWeight * weights.length && weights.length > 0) {
    keras3State.push({ name: 'iteration', shape: [], values: Float64Array.of(iterations), dtype: 'int64' });
    keras3State.push({ name: 'learning_rate', shape: [], values: Float64Array.of(Number(config['learning_rate'])) });
    keras2State.push({ name: 'iteration:0', shape: [], values: Float64Array.of(iterations), dtype: 'int64' });
    const slotNames = tfjsClass === 'Adam' ? ['m', 'v'] : ['momentum'];
    for (let i = 0; i < weights.length; i++) {
      const variable = weights[i]!;
      for (let which = 0; which < slotsPerWeight; which++) {
        const tensor = saved[1 + which * weights.length + i]!.tensor;
        const values = Float32Array.from(await tensor.data());
        const shape = [...(variable.shape as number[])];
        keras3State.push({ name: String(keras3State.length), shape, values });
        const path = variable.originalName;
        keras2State.push({ name: tfjsClass === 'Adam' ? `Adam/${slotNames[which]}/${path}:0` : `SGD/m/${path}:0`, shape, values });
      }
    }
  }
  return { trainingConfig, compileConfig, optimizerName, keras3State, keras2State };
}
