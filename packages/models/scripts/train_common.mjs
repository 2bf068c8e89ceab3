// Shared by the training scripts: argument parsing, backend set-up, the training run and its output.
import { parseArgs } from 'node:util';
import { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
import { setBackend, tf } from '@foveajs/core';
import { batches } from '@foveajs/datasets';
import { evaluateAccuracy, fitBatches, loadWeightsInto, saveWeights } from '@foveajs/models';
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
export function progressBar(args, total) {
  if (args.quiet || !process.stdout.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'epoch {epoch} [{bar}] {value}/{total} batches | loss {loss} | acc {acc} | {eta_formatted} left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { epoch: 1, loss: '-', acc: '-' });
  return bar;
}

export function printEpoch(log) {
  const val = log.valAccuracy === undefined ? '' : ` val_acc ${(100 * log.valAccuracy).toFixed(2)}%`;
  console.log(
    `epoch ${log.epoch}: loss ${log.loss.toFixed(4)} acc ${(100 * log.accuracy).toFixed(2)}%${val} ` +
      `${log.seconds.toFixed(1)} s (${((1000 * log.seconds) / log.examples).toFixed(2)} ms/example, ${log.examples} examples)`,
  );
}

/** The first `count` batches of a lazy batch generator (none made beyond them); all when count is undefined. */
export function* take(batches, count) {
  const iterator = batches[Symbol.iterator]();
  for (let i = 0; count === undefined || i < count; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield next.value;
  }
  iterator.return?.();
}

/**
 * A script's run on `model`: initial weights from --init, Adam on categorical cross-entropy over
 * `train` with a progress bar and a line per epoch, accuracy on `test`, the RESULT line
 * (`RESULT <name> ... <accuracyLabel> accuracy N% (<count> <examplesLabel>) ...`), then --save.
 */
export async function trainAndReport(model, { args, train, test, evalBatchSize, name, accuracyLabel, examplesLabel, logParameters = false }) {
  if (args.init) {
    // Continue from saved weights (e.g. fine-tune with a lower --learning-rate).
    await loadWeightsInto(model, args.init);
    console.log(`initial weights from ${args.init}`);
  }
  model.compile({ optimizer: tf.train.adam(args.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  if (logParameters) console.log(`parameters: ${model.countParams()}`);

  const steps = Math.min(Math.ceil(train.size / args.batchSize), args.maxBatches ?? Number.POSITIVE_INFINITY);
  let bar;
  const started = performance.now();
  const logs = await fitBatches(model, {
    epochs: args.epochs,
    maxBatchesPerEpoch: args.maxBatches,
    trainBatches: (epoch) => batches(train, { batchSize: args.batchSize, shuffle: true, seed: args.seed, epoch }),
    validationBatches: () => take(batches(test, { batchSize: evalBatchSize }), args.maxBatches),
    onBatchEnd: (batch, logs) => {
      if (batch === 0) bar = progressBar(args, steps);
      bar.update(batch + 1, { loss: logs.loss.toFixed(3), acc: logs.accuracy.toFixed(3) });
      if (batch + 1 === steps) bar.stop();
    },
    onEpochEnd: printEpoch,
  });
  const accuracy = await evaluateAccuracy(model, take(batches(test, { batchSize: evalBatchSize }), args.maxBatches));
  const perEpoch = logs.map((log) => log.seconds);
  console.log(
    `RESULT ${name} backend=${args.backend} epochs=${args.epochs} ${accuracyLabel} accuracy ${(100 * accuracy).toFixed(2)}% ` +
      `(${Math.min(test.size, (args.maxBatches ?? Number.POSITIVE_INFINITY) * evalBatchSize)} ${examplesLabel}); mean epoch ${(perEpoch.reduce((a, b) => a + b, 0) / perEpoch.length).toFixed(1)} s; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (args.save) {
    await saveWeights(model, args.save);
    console.log(`saved ${args.save}`);
  }
}
