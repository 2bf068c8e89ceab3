// A training loop for segmentation models on batches made lazily (e.g. scenes rendered on demand
// and augmented with augmentSample), with a learning-rate schedule, and the evaluation of a model
// on held-out batches. Model.fit does not fit here: its targets must match the output's shape
// ([N, H, W, C]), where segmentation labels are int32 [N, H, W] with an ignore index.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type CrossEntropyOptions, softmaxCrossEntropy } from './losses.js';
import { SegmentationMetrics, type SegmentationScores } from './metrics.js';

/** Images [N, H, W, 3] float32 (0..255) and their int32 labels [N, H, W]. */
export interface SegmentationBatch {
  images: tf.Tensor;
  masks: tf.Tensor;
}

export type LearningRateSchedule = 'constant' | 'poly' | 'cosine';

export interface StepLog {
  /** 1-based. */
  step: number;
  loss: number;
  learningRate: number;
  /** Seconds since the loop started. */
  seconds: number;
}

export interface FitSegmentationOptions {
  /** Optimizer steps (one batch each); with `maxSeconds`, the most steps. */
  steps: number;
  /**
   * Stop once this many seconds have passed; the schedule then follows the elapsed time instead of
   * the step count (so a run of a fixed duration still ends at its schedule's last rate).
   */
  maxSeconds?: number;
  /** The batch of step `step` (0-based); its tensors are disposed here after the step. */
  batches: (step: number) => SegmentationBatch | Promise<SegmentationBatch>;
  /** Default tf.train.adam(learningRate). */
  optimizer?: tf.Optimizer;
  /** Peak learning rate. Default 1e-3. */
  learningRate?: number;
  /** 'poly' (DeepLab's (1 − t)^0.9, default), 'cosine' or 'constant', after a linear warm-up. */
  schedule?: LearningRateSchedule;
  /** Steps of linear warm-up from 0. Default 0. */
  warmupSteps?: number;
  /** (labels, logits) → scalar. Default softmaxCrossEntropy with ignore index 255. */
  loss?: (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;
  /** Read the loss back every `logEvery` steps (reading it waits for the step). Default 1. */
  logEvery?: number;
  onStep?: (log: StepLog) => void | Promise<void>;
}

/** The learning rate at `step` (0-based) of `steps`. */
export function learningRateAt(step: number, steps: number, peak: number, schedule: LearningRateSchedule, warmupSteps = 0): number {
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const t = steps > warmupSteps ? (step - warmupSteps) / (steps - warmupSteps) : 1;
  switch (schedule) {
    case 'constant':
      return peak;
    case 'poly':
      return peak * (1 - t) ** 0.9;
    case 'cosine':
      return peak * 0.5 * (1 + Math.cos(Math.PI * t));
    default:
      throw new Error(`learningRateAt: schedule must be 'constant', 'poly' or 'cosine', got ${JSON.stringify(schedule)}`);
  }
}

function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  const target = optimizer as unknown as { setLearningRate?: (rate: number) => void; learningRate?: number };
  // SGD and momentum keep a constant tensor of the rate; Adam and the others read the field each step.
  if (typeof target.setLearningRate === 'function') target.setLearningRate(rate);
  else target.learningRate = rate;
}

/**
 * Train `model` (logits out) for `steps` optimizer steps, BatchNormalization and Dropout in
 * training mode. Returns the logged steps. The model's variables are updated in place.
 */
export async function fitSegmentation(model: tfl.LayersModel, options: FitSegmentationOptions): Promise<StepLog[]> {
  const { steps } = options;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`fitSegmentation: steps must be a positive integer, got ${steps}`);
  if (typeof options.batches !== 'function') throw new Error('fitSegmentation: batches must be a function (step) => { images, masks }');
  const peak = options.learningRate ?? 1e-3;
  const schedule = options.schedule ?? 'poly';
  const warmupSteps = options.warmupSteps ?? 0;
  const logEvery = options.logEvery ?? 1;
  const maxSeconds = options.maxSeconds;
  if (maxSeconds !== undefined && !(maxSeconds > 0)) throw new Error(`fitSegmentation: maxSeconds must be a positive number, got ${maxSeconds}`);
  const ownOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? tf.train.adam(peak);
  const loss = options.loss ?? ((labels: tf.Tensor, logits: tf.Tensor) => softmaxCrossEntropy(labels, logits));
  const logs: StepLog[] = [];
  const start = performance.now();
  try {
    for (let step = 0; step < steps; step++) {
      const elapsed = (performance.now() - start) / 1000;
      if (maxSeconds !== undefined && elapsed >= maxSeconds) break;
      // On a time budget, the schedule's position is the fraction of the time spent, in 1e6 "steps".
      const learningRate =
        maxSeconds === undefined || step < warmupSteps
          ? learningRateAt(step, steps, peak, schedule, warmupSteps)
          : learningRateAt(Math.round((elapsed / maxSeconds) * 1e6), 1e6, peak, schedule, 0);
      setLearningRate(optimizer, learningRate);
      const batch = await options.batches(step);
      let value: tf.Scalar | null;
      try {
        value = optimizer.minimize(() => loss(batch.masks, model.apply(batch.images, { training: true }) as tf.Tensor), true);
      } finally {
        tf.dispose([batch.images, batch.masks]);
      }
      const last = step === steps - 1 || (maxSeconds !== undefined && (performance.now() - start) / 1000 >= maxSeconds);
      if ((step + 1) % logEvery === 0 || last) {
        const log = { step: step + 1, loss: (await value!.data())[0]!, learningRate, seconds: (performance.now() - start) / 1000 };
        logs.push(log);
        await options.onStep?.(log);
      }
      value?.dispose();
    }
  } finally {
    if (ownOptimizer) optimizer.dispose();
  }
  return logs;
}

/**
 * Recompute every BatchNormalization's moving mean and variance as the plain average of their batch
 * statistics over `batches` (forward passes in training mode, weights untouched: PreciseBN, or
 * PyTorch's momentum=None). Call it after training: the moving averages lag the weights, and from
 * scratch at a high learning rate they lag by several times the variance, enough for inference to
 * predict one class everywhere while training-mode outputs are right. Returns the batches used.
 */
export async function recalibrateBatchNorm(
  model: tfl.LayersModel,
  batches: Iterable<{ images: tf.Tensor; masks?: tf.Tensor }> | AsyncIterable<{ images: tf.Tensor; masks?: tf.Tensor }>,
): Promise<number> {
  // tfjs-layers' BatchNormalization reads its momentum field at each call: moving = m·moving + (1 − m)·batch.
  const layers = model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization') as unknown as { momentum: number }[];
  const momenta = layers.map((layer) => layer.momentum);
  let count = 0;
  try {
    for await (const batch of batches) {
      try {
        // Momentum k/(k+1) at batch k: after it, each moving statistic is the mean over batches 0..k.
        for (const layer of layers) layer.momentum = count / (count + 1);
        tf.tidy(() => {
          model.apply(batch.images, { training: true });
        });
      } finally {
        tf.dispose([batch.images, ...(batch.masks === undefined ? [] : [batch.masks])]);
      }
      count++;
    }
  } finally {
    layers.forEach((layer, i) => {
      layer.momentum = momenta[i]!;
    });
  }
  return count;
}

/** Per-pixel class indices [N, H, W] int32 of a logits (or probabilities) model. */
export function predictMasks(model: tfl.LayersModel, images: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => tf.argMax(model.predict(images) as tf.Tensor, -1) as tf.Tensor3D);
}

/** The scores of `model` on held-out batches (their tensors are disposed), from one confusion matrix. */
export async function evaluateModel(
  model: tfl.LayersModel,
  batches: Iterable<SegmentationBatch> | AsyncIterable<SegmentationBatch>,
  options: { numClasses: number; ignoreIndex?: number },
): Promise<SegmentationScores> {
  const metrics = new SegmentationMetrics(options);
  for await (const batch of batches) {
    const predicted = predictMasks(model, batch.images);
    try {
      metrics.update(batch.masks, predicted);
    } finally {
      tf.dispose([predicted, batch.images, batch.masks]);
    }
  }
  return metrics.compute();
}

export type { CrossEntropyOptions };
