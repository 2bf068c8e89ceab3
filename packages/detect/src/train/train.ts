// trainDetector: the training loop. Per step: a batch of augmented images made in JS, one forward
// pass in training mode, the targets assigned in JS from the predictions read back (assign.ts), the
// loss graph (loss.ts), Adam with decoupled weight decay on conv kernels, a linear warm-up then a
// cosine learning rate, and an exponential moving average of every weight (BatchNorm statistics
// included) that is what validation runs and what is returned. Each epoch: COCO/VOC mAP of the EMA
// weights on the validation set (evaluateDetector) and a checkpoint (model, EMA, optimizer, state)
// that `resume` continues from. Every tensor of a step is disposed by its end.
import { seededRandom } from '@foveajs/core';
import { loadWeightsInto } from '@foveajs/models';
import * as tf from '@tensorflow/tfjs-core';
import { type EvaluateDetectorOptions, type EvaluationData, evaluateDetector, loadDetector } from '../detector.js';
import { saveDetector } from '../io.js';
import type { DetectorModel } from '../model.js';
import type { ImageTargets } from './assign.js';
import { type AugmentOptions, augmentSample, type DetectionSample, resolveAugment } from './augment.js';
import type { DetectionSource } from './data.js';
import { detectionLoss, LossConstants, type LossOptions } from './loss.js';

export interface TrainDetectorOptions {
  /** Training images: sample(i) for i = 0, 1, … (each epoch takes the next imagesPerEpoch). */
  data: DetectionSource;
  epochs: number;
  imagesPerEpoch: number;
  /** Default 16. */
  batchSize?: number;
  /** Training canvas size; default the detector's config.imgsz. */
  imgsz?: number;
  /** Peak learning rate (Adam). Default 0.002. */
  lr0?: number;
  /** Final learning rate as a fraction of lr0 (cosine decay). Default 0.01. */
  lrf?: number;
  /** Linear warm-up from 0, in steps. Default: the first epoch's steps, at most 1000 (YOLOv8's minimum 100). */
  warmupSteps?: number;
  /** Adam's β1 (YOLOv8's momentum). Default 0.937. */
  beta1?: number;
  /** Decoupled weight decay on conv kernels, per unit learning rate. Default 5e-4. */
  weightDecay?: number;
  /** EMA of the weights, decay · (1 − exp(−updates / tau)); false to train without. Default { decay: 0.9999, tau: 2000 }. */
  ema?: false | { decay?: number; tau?: number };
  augment?: AugmentOptions;
  /** Train the last N epochs without mosaic (YOLOv8's close_mosaic). Default 0. */
  closeMosaic?: number;
  loss?: LossOptions;
  /**
   * A time budget in seconds (as Ultralytics' `time`): after each epoch, `epochs` becomes as many
   * as fit in it at the mean epoch time so far (validation included), and the learning-rate
   * schedule follows; training stops before an epoch that would overrun it.
   */
  time?: number;
  /** Scored after every `every` epochs (default 1) with evaluateDetector. */
  validation?: { data: EvaluationData; every?: number; options?: EvaluateDetectorOptions };
  /**
   * Where checkpoints go (Node): `<dir>/last/…` after every epoch, with the EMA weights also saved
   * ready to load (`<dir>/last/ema_model/model.json`, float16) so a run cut short still leaves a detector.
   */
  checkpointDir?: string;
  /** Continue from `<checkpointDir>/last` when it exists. Default false. */
  resume?: boolean;
  seed?: number;
  onProgress?: (event: TrainProgress) => void;
}

export interface EpochRecord {
  epoch: number;
  /** Mean loss parts over the epoch (per batch, without the batch-size factor). */
  loss: Record<string, number>;
  images: number;
  seconds: number;
  lr: number;
  /** With validation: COCO mAP@[.5:.95], mAP@0.5 (COCO), VOC all-point mAP@0.5. */
  metrics?: { map: number; map50: number; vocMap: number };
}

export type TrainProgress =
  | { type: 'batch'; epoch: number; epochs: number; batch: number; batches: number; loss: Record<string, number>; lr: number; imagesPerSecond: number }
  | { type: 'validation'; epoch: number; done: number; total: number }
  | { type: 'epoch'; record: EpochRecord };

export interface TrainResult {
  history: EpochRecord[];
  /** The same DetectorModel, its weights now the EMA's (what validation scored). */
  detector: DetectorModel;
}

interface Resolved {
  epochs: number;
  imagesPerEpoch: number;
  batchSize: number;
  imgsz: number;
  lr0: number;
  lrf: number;
  warmupSteps: number;
  beta1: number;
  weightDecay: number;
  ema: { decay: number; tau: number } | null;
  closeMosaic: number;
  seed: number;
}

function resolveTraining(options: TrainDetectorOptions, imgsz: number): Resolved {
  const int = (name: string, value: unknown, min = 1) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new RangeError(`trainDetector: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
    return value;
  };
  const num = (name: string, value: unknown, min: number, max: number) => {
    if (typeof value !== 'number' || !(value >= min && value <= max)) throw new RangeError(`trainDetector: ${name} must be a number in [${min}, ${max}], got ${String(value)}`);
    return value;
  };
  const epochs = int('epochs', options.epochs);
  const batchSize = int('batchSize', options.batchSize ?? 16);
  const imagesPerEpoch = int('imagesPerEpoch', options.imagesPerEpoch);
  const size = int('imgsz', options.imgsz ?? imgsz, 32);
  if (size % 32 !== 0) throw new RangeError(`trainDetector: imgsz must be a multiple of 32, got ${size}`);
  const steps = Math.ceil(imagesPerEpoch / batchSize);
  const ema = options.ema === false ? null : { decay: options.ema?.decay ?? 0.9999, tau: options.ema?.tau ?? 2000 };
  return {
    epochs,
    imagesPerEpoch,
    batchSize,
    imgsz: size,
    lr0: num('lr0', options.lr0 ?? 0.002, 0, 10),
    lrf: num('lrf', options.lrf ?? 0.01, 0, 1),
    warmupSteps: int('warmupSteps', options.warmupSteps ?? Math.min(1000, steps), 0),
    beta1: num('beta1', options.beta1 ?? 0.937, 0, 0.999999),
    weightDecay: num('weightDecay', options.weightDecay ?? 5e-4, 0, 1),
    ema,
    closeMosaic: int('closeMosaic', options.closeMosaic ?? 0, 0),
    seed: int('seed', options.seed ?? 0, 0),
  };
}

/** The learning rate at step `step` of `total`: linear warm-up, then cosine from lr0 to lr0 · lrf. */
export function learningRate(step: number, total: number, r: Pick<Resolved, 'lr0' | 'lrf' | 'warmupSteps'>): number {
  if (step < r.warmupSteps) return (r.lr0 * (step + 1)) / r.warmupSteps;
  const progress = Math.min(1, (step - r.warmupSteps) / Math.max(1, total - r.warmupSteps));
  return r.lr0 * (r.lrf + ((1 - r.lrf) * (1 + Math.cos(Math.PI * progress))) / 2);
}

/** Named tensors to a .json manifest + .bin pair (tfjs's weight encoding), and back. */
async function saveNamed(path: string, tensors: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await writeFile(`${path}.bin`, new Uint8Array(data));
  await writeFile(`${path}.json`, JSON.stringify(specs));
}

async function loadNamed(path: string): Promise<tf.NamedTensorMap> {
  const { readFile } = await import('node:fs/promises');
  const specs = JSON.parse(await readFile(`${path}.json`, 'utf8')) as tf.io.WeightsManifestEntry[];
  const bytes = await readFile(`${path}.bin`);
  return tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), specs);
}

/** Train `detector` in place (see the file comment). */
export async function trainDetector(detector: DetectorModel, options: TrainDetectorOptions): Promise<TrainResult> {
  const { model, config } = detector;
  const r = resolveTraining(options, config.imgsz);
  const augment = resolveAugment(options.augment);
  const stepsPerEpoch = Math.ceil(r.imagesPerEpoch / r.batchSize);
  let totalSteps = stepsPerEpoch * r.epochs;
  if (options.time !== undefined && !(typeof options.time === 'number' && options.time > 0)) {
    throw new RangeError(`trainDetector: time must be a positive number of seconds, got ${String(options.time)}`);
  }
  const trainStart = performance.now();
  const optimizer = tf.train.adam(r.lr0, r.beta1, 0.999, 1e-8);
  const setLearningRate = (lr: number) => {
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
  };
  const trainable = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decayed = model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read() as tf.Variable);
  const all = model.weights.map((w) => w.read() as tf.Variable);
  let ema: tf.Tensor[] | null = r.ema === null ? null : all.map((v) => tf.keep(v.clone()));
  let updates = 0;
  const constants = new LossConstants();
  const history: EpochRecord[] = [];
  let firstEpoch = 0;

  const lastDir = options.checkpointDir === undefined ? undefined : `${options.checkpointDir}/last`;
  if (options.resume === true && lastDir !== undefined) {
    const { existsSync } = await import('node:fs');
    const { readFile } = await import('node:fs/promises');
    if (existsSync(`${lastDir}/state.json`)) {
      const state = JSON.parse(await readFile(`${lastDir}/state.json`, 'utf8')) as { epoch: number; updates: number; history: EpochRecord[] };
      await loadWeightsInto(model, `${lastDir}/model.json`);
      if (ema !== null) {
        const stored = await loadNamed(`${lastDir}/ema`);
        tf.dispose(ema);
        ema = all.map((_, i) => stored[`ema_${i}`]!);
      }
      const moments = await loadNamed(`${lastDir}/optimizer`);
      await optimizer.setWeights(Object.entries(moments).map(([name, tensor]) => ({ name, tensor })));
      firstEpoch = state.epoch;
      updates = state.updates;
      history.push(...state.history);
    }
  }

  const emaUpdate = () => {
    if (ema === null || r.ema === null) return;
    updates++;
    const d = r.ema.decay * (1 - Math.exp(-updates / r.ema.tau));
    const next = tf.tidy(() => all.map((v, i) => tf.add(tf.mul(ema![i]!, d), tf.mul(v, 1 - d))));
    tf.dispose(ema);
    ema = next;
  };

  /** Swap the EMA weights in for `use`, then restore the training weights. */
  const withEma = async <T>(use: () => Promise<T>): Promise<T> => {
    if (ema === null) return use();
    const saved = all.map((v) => v.clone());
    for (const [i, v] of all.entries()) v.assign(ema![i]!);
    try {
      return await use();
    } finally {
      for (const [i, v] of all.entries()) v.assign(saved[i]!);
      tf.dispose(saved);
    }
  };

  const recent: DetectionSample[] = [];
  for (let epoch = firstEpoch; epoch < r.epochs; epoch++) {
    const random = seededRandom((r.seed * 7919 + epoch * 104729) >>> 0);
    const epochAugment = epoch >= r.epochs - r.closeMosaic ? { ...augment, mosaic: 0 } : augment;
    const started = performance.now();
    const sums: Record<string, number> = {};
    let images = 0;
    let lr = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const count = Math.min(r.batchSize, r.imagesPerEpoch - step * r.batchSize);
      const batch = new Float32Array(count * r.imgsz * r.imgsz * 3);
      const targets: ImageTargets[] = [];
      for (let k = 0; k < count; k++) {
        const index = epoch * r.imagesPerEpoch + step * r.batchSize + k;
        const sample = options.data.sample(index);
        // Mosaic partners: recently used samples (each fresh sample costs a render).
        const partner = () => recent[Math.floor(random() * recent.length)] ?? sample;
        const out = augmentSample(sample, partner, r.imgsz, epochAugment, random);
        recent.push(sample);
        if (recent.length > 64) recent.shift();
        batch.set(out.image, k * out.image.length);
        targets.push({ boxes: out.boxes, classes: out.classes, crowd: out.crowd });
      }
      lr = learningRate(epoch * stepsPerEpoch + step, totalSteps, r);
      setLearningRate(lr);
      const parts = trainStep(batch, count, targets);
      for (const [key, value] of Object.entries(parts)) sums[key] = (sums[key] ?? 0) + value;
      images += count;
      options.onProgress?.({
        type: 'batch',
        epoch: epoch + 1,
        epochs: r.epochs,
        batch: step + 1,
        batches: stepsPerEpoch,
        loss: parts,
        lr,
        imagesPerSecond: images / ((performance.now() - started) / 1000),
      });
    }
    const record: EpochRecord = {
      epoch: epoch + 1,
      loss: Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / stepsPerEpoch])),
      images,
      seconds: (performance.now() - started) / 1000,
      lr,
    };
    const validation = options.validation;
    if (validation !== undefined && ((epoch + 1) % (validation.every ?? 1) === 0 || epoch + 1 === r.epochs)) {
      record.metrics = await withEma(async () => {
        const evaluator = await loadDetector(detector);
        try {
          const { coco, voc } = await evaluateDetector(evaluator, validation.data, {
            imgsz: r.imgsz,
            ...validation.options,
            onProgress: (done, total) => options.onProgress?.({ type: 'validation', epoch: epoch + 1, done, total }),
          });
          return { map: coco.stats[0]!, map50: coco.stats[1]!, vocMap: voc.mAP };
        } finally {
          evaluator.dispose();
        }
      });
    }
    history.push(record);
    if (options.time !== undefined) {
      const elapsed = (performance.now() - trainStart) / 1000;
      const perEpoch = elapsed / (epoch + 1 - firstEpoch);
      r.epochs = Math.max(epoch + 1, firstEpoch + Math.floor(options.time / perEpoch));
      totalSteps = stepsPerEpoch * r.epochs;
    }
    if (lastDir !== undefined) await checkpoint(epoch + 1);
    options.onProgress?.({ type: 'epoch', record });
  }
  if (ema !== null) {
    for (const [i, v] of all.entries()) v.assign(ema![i]!);
    tf.dispose(ema);
  }
  constants.dispose();
  optimizer.dispose();
  return { history, detector };

  function trainStep(batch: Float32Array, count: number, targets: ImageTargets[]): Record<string, number> {
    const x = tf.tensor4d(batch, [count, r.imgsz, r.imgsz, 3]);
    let parts: Record<string, number> = {};
    try {
      const cost = optimizer.minimize(
        () => {
          const outputs = model.apply(x, { training: true }) as tf.Tensor[];
          const loss = detectionLoss(constants, outputs, targets, config, options.loss);
          parts = Object.fromEntries(Object.entries(loss.parts).map(([k, t]) => [k, t.dataSync()[0]!]));
          return loss.total;
        },
        true,
        trainable,
      );
      parts.total = cost!.dataSync()[0]!;
      cost!.dispose();
    } finally {
      x.dispose();
    }
    if (r.weightDecay > 0) {
      const factor = 1 - (optimizer as unknown as { learningRate: number }).learningRate * r.weightDecay;
      tf.tidy(() => {
        for (const v of decayed) v.assign(tf.mul(v, factor));
      });
    }
    emaUpdate();
    return parts;
  }

  async function checkpoint(epochsDone: number): Promise<void> {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(lastDir!, { recursive: true });
    await saveDetector(detector, `${lastDir}/model.json`);
    if (ema !== null) await saveNamed(`${lastDir}/ema`, Object.fromEntries(ema.map((t, i) => [`ema_${i}`, t])));
    await withEma(() => saveDetector(detector, `${lastDir}/ema_model/model.json`, { float16: true }));
    const moments = await optimizer.getWeights();
    try {
      await saveNamed(`${lastDir}/optimizer`, moments);
    } finally {
      // getWeights makes a new tensor for the iteration count; the rest are the optimizer's own.
      for (const { name, tensor } of moments) if (name === 'iter') tensor.dispose();
    }
    await writeFile(`${lastDir}/state.json`, JSON.stringify({ epoch: epochsDone, updates, history }));
  }
}
