// Train a segmenter on @foveajs/datasets' syntheticScenes (21 classes: background + 10 digits + 10
// clothing items) on fovea-wasm, then measure it on held-out scenes (split 'test', seed 0: object
// images and scene seeds never seen in training) with one confusion matrix over every pixel.
//
//   node scripts/train_segmenter.mjs --minutes 50 --save weights/scenes_lraspp_mobilenetv2
//
// Training scenes are drawn from split 'train' (seed --seed) and rendered on demand, each one
// cut into --crops-per-scene random crops (scale jitter, flip, crop: image and mask together,
// the mask by nearest neighbour). The learning rate follows a poly schedule over the time budget;
// then the BatchNorm statistics are recomputed over fresh batches before the evaluation.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
import { seededRandom, setBackend, tf } from '@foveajs/core';
import { SCENE_CATEGORIES, sceneGenerator } from '@foveajs/datasets';
import { loadWeightsInto, saveWeights } from '@foveajs/models';
import { augmentSample, evaluateModel, fitSegmentation, recalibrateBatchNorm, SEGMENTER_ARCHITECTURES, segmentationLoss } from '@foveajs/segment';

const { values } = parseArgs({
  options: {
    arch: { type: 'string', default: 'LRASPP' },
    alpha: { type: 'string', default: '0.35' },
    'output-stride': { type: 'string', default: '16' },
    'low-level-stride': { type: 'string', default: '8' },
    'inter-channels': { type: 'string', default: '128' },
    crop: { type: 'string', default: '160' },
    'scene-size': { type: 'string', default: '320' },
    'min-objects': { type: 'string', default: '1' },
    'max-objects': { type: 'string', default: '12' },
    'batch-size': { type: 'string', default: '8' },
    'crops-per-scene': { type: 'string', default: '2' },
    scale: { type: 'string', default: '0.75,1.25' },
    loss: { type: 'string', default: 'crossEntropy' },
    'learning-rate': { type: 'string', default: '0.002' },
    'warmup-steps': { type: 'string', default: '50' },
    minutes: { type: 'string', default: '50' },
    'max-steps': { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    'recalibrate-batches': { type: 'string', default: '25' },
    'eval-count': { type: 'string', default: '300' },
    'eval-batch': { type: 'string', default: '4' },
    threads: { type: 'string' },
    init: { type: 'string' },
    save: { type: 'string' },
    'log-every': { type: 'string', default: '20' },
  },
});
const number = (name) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: expected a positive number, got '${values[name]}'`);
  return value;
};
const integer = (name) => {
  const value = number(name);
  if (!Number.isInteger(value)) throw new Error(`--${name}: expected a positive integer, got '${values[name]}'`);
  return value;
};

const started = performance.now();
if (values.threads !== undefined) setThreadsCount(integer('threads'));
await setBackend('fovea-wasm');
await whenThreadsReady();
const classes = SCENE_CATEGORIES.length + 1;
const labels = ['background', ...SCENE_CATEGORIES.map((c) => c.name)];
const architecture = values.arch;
const builder = SEGMENTER_ARCHITECTURES[architecture];
if (builder === undefined) throw new Error(`--arch: expected one of ${Object.keys(SEGMENTER_ARCHITECTURES).join(', ')}, got '${architecture}'`);
const modelOptions =
  architecture === 'LRASPP'
    ? { classes, alpha: number('alpha'), outputStride: integer('output-stride'), lowLevelStride: integer('low-level-stride'), interChannels: integer('inter-channels') }
    : { classes, backbone: 'mobilenetv2', alpha: number('alpha'), outputStride: integer('output-stride'), decoder: architecture === 'DeepLabV3Plus' };
const model = builder(modelOptions);
if (values.init) await loadWeightsInto(model, values.init);
console.log(`${architecture} ${JSON.stringify(modelOptions)}: ${model.countParams().toLocaleString('en')} parameters; fovea-wasm, ${getThreadsCount()} thread(s)`);

const crop = integer('crop');
const batchSize = integer('batch-size');
const cropsPerScene = integer('crops-per-scene');
const scale = values.scale.split(',').map(Number);
const seed = integer('seed');
const sceneSize = integer('scene-size');
// Training scenes may be smaller and denser than the held-out ones (same object sizes): more
// labelled object pixels per crop.
const train = await sceneGenerator({ seed, split: 'train', height: sceneSize, width: sceneSize, minObjects: integer('min-objects'), maxObjects: integer('max-objects') });
const random = seededRandom(seed);
let nextScene = 0;
let pending = [];
/** A batch of augmented crops: each scene rendered once and cut `cropsPerScene` times. */
function batch() {
  const images = new Float32Array(batchSize * crop * crop * 3);
  const masks = new Int32Array(batchSize * crop * crop);
  for (let i = 0; i < batchSize; i++) {
    if (pending.length === 0) {
      const scene = train.sceneAt(nextScene++);
      const sample = { image: scene.image, mask: scene.mask, height: scene.layout.height, width: scene.layout.width };
      pending = Array.from({ length: cropsPerScene }, () => augmentSample(sample, random, { cropSize: crop, scale }));
    }
    const sample = pending.pop();
    images.set(sample.image, i * crop * crop * 3);
    masks.set(sample.mask, i * crop * crop);
  }
  return { images: tf.tensor4d(images, [batchSize, crop, crop, 3]), masks: tf.tensor3d(masks, [batchSize, crop, crop], 'int32') };
}

const minutes = number('minutes');
const trainStart = performance.now();
const logs = await fitSegmentation(model, {
  steps: integer('max-steps'),
  maxSeconds: minutes * 60,
  batches: batch,
  learningRate: number('learning-rate'),
  warmupSteps: integer('warmup-steps'),
  schedule: 'poly',
  loss: segmentationLoss(values.loss),
  logEvery: integer('log-every'),
  onStep: (log) =>
    console.log(
      `step ${log.step}: loss ${log.loss.toFixed(4)} lr ${log.learningRate.toExponential(2)} ${log.seconds.toFixed(0)} s ` +
        `(${((1000 * log.seconds) / (log.step * batchSize)).toFixed(0)} ms per crop, scenes ${nextScene})`,
    ),
});
const steps = logs.at(-1)?.step ?? 0;
// The moving averages lag the weights; the evaluated model gets the average over fresh batches.
const recalibrateBatches = integer('recalibrate-batches');
await recalibrateBatchNorm(model, (function* () {
  for (let i = 0; i < recalibrateBatches; i++) yield batch();
})());
const trainSeconds = (performance.now() - trainStart) / 1000;

// Held-out: split 'test' (its own digits and clothing images), seed 0, full 320×320 scenes.
const evalCount = integer('eval-count');
const test = await sceneGenerator({ seed: 0, split: 'test' });
const evalStart = performance.now();
const scores = await evaluateModel(model, test.batches({ batchSize: integer('eval-batch'), count: evalCount }), { numClasses: classes });
const evalSeconds = (performance.now() - evalStart) / 1000;
const totalSeconds = (performance.now() - started) / 1000;
console.log(`held-out (split 'test', seed 0, ${evalCount} scenes of 320×320): mIoU ${scores.meanIoU.toFixed(4)}, pixel accuracy ${scores.pixelAccuracy.toFixed(4)}, mean accuracy ${scores.meanAccuracy.toFixed(4)}`);
console.log(labels.map((name, c) => `${name} ${scores.perClassIoU[c] === null ? '-' : scores.perClassIoU[c].toFixed(3)}`).join(', '));
console.log(`training ${(trainSeconds / 60).toFixed(1)} min (${steps} steps of ${batchSize} crops, BatchNorm statistics over ${recalibrateBatches} batches, ${nextScene} scenes), evaluation ${evalSeconds.toFixed(0)} s, wall time ${(totalSeconds / 60).toFixed(1)} min`);

if (values.save) {
  await mkdir(values.save, { recursive: true });
  await saveWeights(model, join(values.save, 'model.json'));
  const description = {
    architecture,
    options: modelOptions,
    inputSize: 320,
    labels,
    weights: 'model.json',
  };
  await writeFile(join(values.save, 'segmenter.json'), `${JSON.stringify(description, null, 2)}\n`);
  const result = {
    command: `node scripts/train_segmenter.mjs ${process.argv.slice(2).join(' ')}`,
    node: process.version,
    threads: getThreadsCount(),
    steps,
    recalibrateBatches,
    batchSize,
    crop,
    scenes: nextScene,
    trainSeconds,
    evalSeconds,
    totalSeconds,
    heldOut: { split: 'test', seed: 0, count: evalCount, height: 320, width: 320 },
    meanIoU: scores.meanIoU,
    pixelAccuracy: scores.pixelAccuracy,
    meanAccuracy: scores.meanAccuracy,
    frequencyWeightedIoU: scores.frequencyWeightedIoU,
    perClassIoU: Object.fromEntries(labels.map((name, c) => [name, scores.perClassIoU[c]])),
    losses: logs.map((l) => [l.step, Number(l.loss.toFixed(5)), Math.round(l.seconds)]),
  };
  await writeFile(join(values.save, 'training.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`saved ${values.save}/model.json, segmenter.json, training.json`);
}
