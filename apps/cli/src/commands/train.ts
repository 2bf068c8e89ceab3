// `fovea train`: one of @foveajs/models' training tasks, resumable, writing weights `classify` reads.
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatEpochLog, getTrainingTask, listTrainingTasks, saveWeights, trainTask, type TrainTaskOptions } from '@foveajs/models';
import type { Command } from 'commander';
import {
  addBackendOptions,
  addJsonOption,
  type BackendOptions,
  integerAtLeast,
  type JsonOption,
  positiveInteger,
  positiveNumber,
  printJson,
  reporter,
  useBackend,
} from '../options.js';
import { type Progress, progressBar } from '../progress.js';

interface TrainOptions extends BackendOptions, JsonOption {
  out: string;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  maxBatches?: number;
  init?: string;
  restart?: boolean;
}

/** The file names `fovea train` writes in --out. */
export const TRAIN_OUTPUTS = { weights: 'model.json', report: 'training.json' } as const;

export function registerTrain(program: Command): void {
  const tasks = listTrainingTasks();
  const command = program
    .command('train')
    .description('train a model on its data set, with a progress bar per epoch; resumable; writes weights `fovea classify` reads')
    .argument('<task>', tasks.map((t) => `${t.name} (${t.description})`).join('; '))
    .requiredOption('-o, --out <dir>', `where the weights (${TRAIN_OUTPUTS.weights} + weights.bin), ${TRAIN_OUTPUTS.report} and the checkpoints go; run again with the same folder to resume`)
    .option('-e, --epochs <n>', `epochs in all (default: ${tasks.map((t) => `${t.name} ${t.defaults.epochs}`).join(', ')}); a resumed run trains the rest`, positiveInteger)
    .option('--batch-size <n>', `examples per batch (default: ${tasks.map((t) => `${t.name} ${t.defaults.batchSize}`).join(', ')})`, positiveInteger)
    .option('--learning-rate <x>', "Adam's learning rate (default: 0.001)", positiveNumber)
    .option('--seed <n>', 'seed of the shuffles (default: 1)', integerAtLeast(0))
    .option('--max-batches <n>', 'stop each epoch and the evaluation after n batches (a quick trial run)', positiveInteger)
    .option('--init <weights>', 'start from these weights (e.g. to fine-tune at a lower learning rate)')
    .option('--restart', 'start over even when --out holds a checkpoint');
  command.addHelpText('after', '\nExample:\n  fovea train lenet5 --epochs 3 --out runs/lenet5\n  fovea classify my-digit.png --model lenet5 --weights runs/lenet5/model.json');
  addJsonOption(addBackendOptions(command), 'the run (settings, every epoch, accuracy, files)').action(async (name: string, options: TrainOptions) => {
    const task = getTrainingTask(name);
    const say = reporter(options);
    const backend = await useBackend(options);
    const out = resolve(options.out);
    let bar: Progress | undefined;
    let steps = 0;
    let epochs = 0;
    let epoch = 1;
    const started = performance.now();
    const settings: TrainTaskOptions = {
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.learningRate !== undefined ? { learningRate: options.learningRate } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.maxBatches !== undefined ? { maxBatches: options.maxBatches } : {}),
      ...(options.init !== undefined ? { init: options.init } : {}),
    };
    const result = await trainTask(task, {
      ...settings,
      checkpointDir: join(out, 'checkpoint'),
      restart: options.restart === true,
      onStart: (start) => {
        steps = start.steps;
        epochs = start.settings.epochs;
        epoch = start.initialEpoch + 1;
        say(`${task.name} on ${backend.label}: ${start.data.description}; ${start.params.toLocaleString('en-US')} parameters`);
        say(
          `batch size ${start.settings.batchSize}, learning rate ${start.settings.learningRate}, ${start.steps} batches per epoch` +
            (start.resumedFrom ? `; resuming after epoch ${start.initialEpoch} of ${epochs} (${start.resumedFrom})` : ''),
        );
        if (start.initialEpoch >= epochs) say(`all ${epochs} epochs are done already: pass --epochs with more to train further, or --restart`);
      },
      onBatchEnd: (batch, logs) => {
        bar ??= progressBar(steps, `epoch {epoch}/{epochs} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | ETA {eta_formatted}`, {
          epoch: String(epoch),
          epochs: String(epochs),
          loss: '-',
          acc: '-',
        });
        bar.update(batch + 1, { loss: logs.loss.toFixed(4), acc: logs.accuracy.toFixed(3) });
      },
      onEpochEnd: (log) => {
        bar?.stop();
        bar = undefined;
        epoch = log.epoch + 1;
        say(formatEpochLog(log).replace(/^epoch (\d+)/, `epoch $1/${epochs}`));
      },
    });
    try {
      const weights = join(out, TRAIN_OUTPUTS.weights);
      await saveWeights(result.model, weights);
      const seconds = (performance.now() - started) / 1000;
      const report = {
        task: task.name,
        backend: backend.backend,
        ...(backend.threads !== undefined ? { threads: backend.threads } : {}),
        settings: result.settings,
        resumedAfterEpoch: result.initialEpoch,
        epochs: result.logs,
        accuracy: result.accuracy,
        accuracyOn: `${result.testExamples} ${task.examplesLabel} (${task.accuracyLabel})`,
        classNames: result.classNames,
        weights,
        checkpoint: join(out, 'checkpoint', 'checkpoint.json'),
        seconds,
      };
      await writeFile(join(out, TRAIN_OUTPUTS.report), `${JSON.stringify(report, null, 2)}\n`);
      if (options.json) printJson(report);
      say(`${task.accuracyLabel} accuracy ${(100 * result.accuracy).toFixed(2)}% (${result.testExamples} ${task.examplesLabel}); ${seconds.toFixed(1)} s`);
      say(`wrote ${weights} (+ weights.bin) and ${join(out, TRAIN_OUTPUTS.report)}`);
      say(`classify with: fovea classify <images...> --model ${task.name} --weights ${weights}`);
    } finally {
      result.dispose();
    }
  });
}
