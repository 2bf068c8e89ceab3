// Shared by the training scripts: argument parsing, backend set-up, and the run of a training task
// (@foveajs/models' trainTask, which `fovea train` runs too) with a progress bar and a result line.
import { parseArgs } from 'node:util';
import { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
import { setBackend, tf } from '@foveajs/core';
import { formatEpochLog, getTrainingTask, saveWeights, trainTask } from '@foveajs/models';
import cliProgress from 'cli-progress';

export function parseTrainingArgs(defaults) {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'fovea-wasm' },
      threads: { type: 'string' },
      epochs: { type: 'string', default: String(defaults.epochs) },
      'batch-size': { type: 'string', default: String(defaults.batchSize) },
      'max-batches': { type: 'string' },
      'learning-rate': { type: 'string', default: String(defaults.learningRate) },
      seed: { type: 'string', default: '1' },
      save: { type: 'string' },
      init: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  const int = (name) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer, got '${values[name]}'`);
    return value;
  };
  return {
    backend: values.backend,
    threads: values.threads === undefined ? undefined : int('threads'),
    epochs: int('epochs'),
    batchSize: int('batch-size'),
    maxBatches: values['max-batches'] === undefined ? undefined : int('max-batches'),
    learningRate: Number(values['learning-rate']),
    seed: int('seed'),
    save: values.save,
    init: values.init,
    quiet: values.quiet,
  };
}

export async function prepareBackend(args) {
  // fovea-wasm uses every core by default; --threads N sets its thread count.
  if (args.threads !== undefined) setThreadsCount(args.threads);
  await setBackend(args.backend);
  if (tf.getBackend() === 'fovea-wasm') {
    await whenThreadsReady();
    console.log(`backend fovea-wasm, ${getThreadsCount()} thread(s)`);
  } else {
    console.log(`backend ${tf.getBackend()}`);
  }
}

/** A progress bar on a terminal, nothing in a log file (the per-epoch lines say it all there). */
function progressBar(args, total) {
  if (args.quiet || !process.stdout.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'epoch {epoch} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { epoch: 1, loss: '-', acc: '-' });
  return bar;
}

/**
 * A script's run of a training task: the task's data and model, initial weights from --init, Adam
 * with a progress bar and a line per epoch, accuracy on the held-out set, the RESULT line
 * (`RESULT <name> ... <accuracyLabel> accuracy N% (<count> <examplesLabel>) ...`), then --save.
 */
export async function runTrainingTask(name, args) {
  const task = getTrainingTask(name);
  let bar;
  let steps = 0;
  const started = performance.now();
  const { model, dispose, logs, accuracy, testExamples } = await trainTask(task, {
    epochs: args.epochs,
    batchSize: args.batchSize,
    learningRate: args.learningRate,
    seed: args.seed,
    maxBatches: args.maxBatches,
    init: args.init,
    onStart: (start) => {
      steps = start.steps;
      console.log(start.data.description);
      if (args.init) console.log(`initial weights from ${args.init}`);
      if (task.name === 'fashion-cnn') console.log(`parameters: ${start.params}`);
    },
    onBatchEnd: (batch, logs) => {
      if (batch === 0) bar = progressBar(args, steps);
      bar.update(batch + 1, { loss: logs.loss.toFixed(3), acc: logs.accuracy.toFixed(3) });
      if (batch + 1 === steps) bar.stop();
    },
    onEpochEnd: (log) => console.log(formatEpochLog(log)),
  });
  const perEpoch = logs.map((log) => log.seconds);
  console.log(
    `RESULT ${task.resultName} backend=${args.backend} epochs=${args.epochs} ${task.accuracyLabel} accuracy ${(100 * accuracy).toFixed(2)}% ` +
      `(${testExamples} ${task.examplesLabel}); mean epoch ${(perEpoch.reduce((a, b) => a + b, 0) / perEpoch.length).toFixed(1)} s; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (args.save) {
    await saveWeights(model, args.save);
    console.log(`saved ${args.save}`);
  }
  dispose();
}
