import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** One batch: images and labels (one-hot for categoricalCrossentropy). */
export interface TrainingBatch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** Batches made lazily, in memory (sync) or decoded from files (async). */
export type BatchSource = Iterable<TrainingBatch> | AsyncIterable<TrainingBatch>;

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Accuracy on the held-out batches, when given. */
  valAccuracy?: number;
  seconds: number;
  examples: number;
}

export interface FitOptions {
  /** The epoch to end at: with initialEpoch, the last epoch's number rather than a count (as Keras's model.fit). */
  epochs: number;
  /**
   * The epoch to start at, as Keras's initialEpoch: a run resumed from a checkpoint after epoch k
   * passes k, and trains epochs k+1 … epochs (numbered from 1 in the logs). Default 0.
   */
  initialEpoch?: number;
  /**
   * A fresh pass over the training data for each epoch (shuffled as the caller likes): e.g.
   * @foveajs/datasets' batches(data, { epoch }) or imageFolder(...).batches(epoch).
   */
  trainBatches: (epoch: number) => BatchSource;
  /** Held-out data, evaluated after each epoch. */
  validationBatches?: () => BatchSource;
  /** Stop an epoch after this many batches (smoke tests). */
  maxBatchesPerEpoch?: number;
  onBatchEnd?: (batch: number, logs: { loss: number; accuracy: number; examples: number }) => void;
  /** Awaited (when it returns a promise) before the next epoch starts, so it can save a checkpoint. */
  onEpochEnd?: (log: EpochLog) => unknown;
}

/**
 * Train a compiled model batch by batch (model.trainOnBatch), so batches can be made lazily,
 * shuffled and augmented per epoch without holding the data set as one tensor. The model must be
 * compiled with metrics: ['accuracy']. Each batch's tensors are disposed here.
 */
export async function fitBatches(model: tfl.LayersModel, options: FitOptions): Promise<EpochLog[]> {
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new Error(`epochs: expected a positive integer, got ${options.epochs}`);
  }
  const initialEpoch = options.initialEpoch ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch > options.epochs) {
    throw new Error(`initialEpoch: expected an integer in [0, epochs = ${options.epochs}], got ${initialEpoch}`);
  }
  if (model.optimizer == null) throw new Error('fitBatches: compile the model first (model.compile({optimizer, loss, metrics}))');
  const logs: EpochLog[] = [];
  for (let epoch = initialEpoch; epoch < options.epochs; epoch++) {
    const start = performance.now();
    let lossSum = 0;
    let correctSum = 0;
    let examples = 0;
    let batchIndex = 0;
    for await (const batch of options.trainBatches(epoch)) {
      if (options.maxBatchesPerEpoch !== undefined && batchIndex >= options.maxBatchesPerEpoch) {
        tf.dispose([batch.xs, batch.ys]);
        break;
      }
      const size = batch.xs.shape[0]!;
      let result: number | number[];
      try {
        result = await model.trainOnBatch(batch.xs, batch.ys);
      } finally {
        tf.dispose([batch.xs, batch.ys]);
      }
      const [loss, accuracy] = Array.isArray(result) ? result : [result, Number.NaN];
      lossSum += loss! * size;
      correctSum += accuracy! * size;
      examples += size;
      options.onBatchEnd?.(batchIndex, { loss: loss!, accuracy: accuracy!, examples });
      batchIndex++;
    }
    const log: EpochLog = {
      epoch: epoch + 1,
      loss: lossSum / examples,
      accuracy: correctSum / examples,
      seconds: (performance.now() - start) / 1000,
      examples,
    };
    if (options.validationBatches) log.valAccuracy = await evaluateAccuracy(model, options.validationBatches());
    logs.push(log);
    await options.onEpochEnd?.(log);
  }
  return logs;
}

/** Top-1 accuracy of `model` over the batches (labels one-hot or class indices); disposes them. */
export async function evaluateAccuracy(model: tfl.LayersModel, batches: BatchSource): Promise<number> {
  let correct = 0;
  let total = 0;
  for await (const batch of batches) {
    const hits = tf.tidy(() => {
      const predicted = tf.argMax(model.predict(batch.xs) as tf.Tensor, -1);
      const truth = batch.ys.rank === 2 ? tf.argMax(batch.ys, -1) : tf.cast(batch.ys, 'int32');
      return tf.sum(tf.cast(tf.equal(predicted, truth), 'int32'));
    });
    correct += (await hits.data())[0]!;
    total += batch.xs.shape[0]!;
    tf.dispose([hits, batch.xs, batch.ys]);
  }
  if (total === 0) throw new Error('evaluateAccuracy: the batches were empty');
  return correct / total;
}
