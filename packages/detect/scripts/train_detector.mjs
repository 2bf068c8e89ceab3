// Train a detector on synthetic scenes (@foveajs/datasets) on fovea-wasm, then score it on a
// held-out test set (split 'test': digits and clothing the training scenes never show).
// Usage (from packages/detect, after `npm run build`):
//   node scripts/train_detector.mjs [--time 55] [--epochs 30] [--images-per-epoch 1024]
//     [--batch-size 32] [--imgsz 320] [--head anchor-free|anchor-based] [--backbone csp|MobileNetV2|…]
//     [--width 0.125] [--depth 0.33] [--reg-max 8] [--lr0 0.002] [--lrf 0.05] [--warmup 200]
//     [--mosaic 0] [--scale 0.2] [--translate 0.05] [--fliplr 0] [--hsv-h 0.01] [--hsv-s 0.4] [--hsv-v 0.3]
//     [--val-images 100] [--test-images 500] [--seed 1] [--threads N]
//     [--save weights/scenes_detector/model.json] [--checkpoint-dir runs/detect] [--resume] [--results file.json]
// --time (minutes) sizes the run to the budget (as Ultralytics' `time`): the epoch count is
// re-estimated after each epoch and the cosine schedule follows it.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
import { setBackend } from '@foveajs/core';
import { sceneGenerator } from '@foveajs/datasets';
import { summary } from '@foveajs/layers';
import cliProgress from 'cli-progress';
import { buildDetector, evaluateDetector, loadDetector, saveDetector, sceneEvaluationData, sceneSource, trainDetector } from '../dist/index.js';
import { trainingReport } from './training_report.mjs';

const { values: a } = parseArgs({
  options: {
    time: { type: 'string' },
    epochs: { type: 'string', default: '30' },
    'images-per-epoch': { type: 'string', default: '1024' },
    'batch-size': { type: 'string', default: '32' },
    imgsz: { type: 'string', default: '320' },
    head: { type: 'string', default: 'anchor-free' },
    backbone: { type: 'string', default: 'csp' },
    width: { type: 'string', default: '0.125' },
    depth: { type: 'string', default: '0.33' },
    'reg-max': { type: 'string', default: '8' },
    activation: { type: 'string', default: 'swish' },
    lr0: { type: 'string', default: '0.002' },
    lrf: { type: 'string', default: '0.05' },
    warmup: { type: 'string', default: '100' },
    'weight-decay': { type: 'string', default: '0.0005' },
    mosaic: { type: 'string', default: '0' },
    scale: { type: 'string', default: '0.2' },
    translate: { type: 'string', default: '0.05' },
    fliplr: { type: 'string', default: '0' },
    'hsv-h': { type: 'string', default: '0.01' },
    'hsv-s': { type: 'string', default: '0.4' },
    'hsv-v': { type: 'string', default: '0.3' },
    'ema-tau': { type: 'string', default: '300' },
    'val-images': { type: 'string', default: '100' },
    'val-every': { type: 'string', default: '1' },
    'test-images': { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string' },
    save: { type: 'string' },
    'checkpoint-dir': { type: 'string' },
    resume: { type: 'boolean', default: false },
    results: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const num = (name) => {
  const value = Number(a[name]);
  if (!Number.isFinite(value)) throw new Error(`--${name}: expected a number, got '${a[name]}'`);
  return value;
};

const started = performance.now();
// The machine is shared: sample the load average once a minute for the record.
const loads = [];
const sampler = setInterval(() => loads.push((os.loadavg()[0])), 60_000);
if (a.threads !== undefined) setThreadsCount(num('threads'));
await setBackend('fovea-wasm');
await whenThreadsReady();
console.log(`backend fovea-wasm, ${getThreadsCount()} thread(s)`);

const imgsz = num('imgsz');
const train = await sceneGenerator({ seed: num('seed'), split: 'train', height: imgsz, width: imgsz });
// Validation: held-out objects (split 'test') in scenes other than the final test set's (seed + 1000).
const validation = sceneEvaluationData(await sceneGenerator({ seed: num('seed') + 1000, split: 'test' }), num('val-images'));
const categories = train.categories;
const options = {
  classes: categories.length,
  names: categories.map((c) => c.name),
  categoryIds: categories.map((c) => c.id),
  backbone: a.backbone,
  head: a.head,
  widthMultiple: num('width'),
  depthMultiple: num('depth'),
  regMax: num('reg-max'),
  activation: a.activation,
  imgsz,
  name: 'scenes_detector',
};
const detector = buildDetector(options);
const fixed = buildDetector({ ...options, inputShape: [imgsz, imgsz, 3] });
const size = summary(fixed.model).totals;
fixed.model.dispose();
console.log(`${a.backbone} ${a.head} width ${a.width} depth ${a.depth}: ${size.params} parameters, ${(size.macs / 1e9).toFixed(3)} GMACs at ${imgsz}×${imgsz}`);

const batches = Math.ceil(num('images-per-epoch') / num('batch-size'));
const bar =
  a.quiet || !process.stdout.isTTY
    ? null
    : new cliProgress.SingleBar(
        { format: 'epoch {epoch} [{bar}] {value}/{total} | loss {loss} | {ips} img/s | {eta_formatted} left', hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
const result = await trainDetector(detector, {
  data: sceneSource(train),
  epochs: num('epochs'),
  imagesPerEpoch: num('images-per-epoch'),
  batchSize: num('batch-size'),
  imgsz,
  lr0: num('lr0'),
  lrf: num('lrf'),
  warmupSteps: num('warmup'),
  weightDecay: num('weight-decay'),
  ema: { tau: num('ema-tau') },
  augment: { mosaic: num('mosaic'), scale: num('scale'), translate: num('translate'), fliplr: num('fliplr'), hsvH: num('hsv-h'), hsvS: num('hsv-s'), hsvV: num('hsv-v') },
  validation: { data: validation, every: num('val-every') },
  ...(a.time !== undefined ? { time: num('time') * 60 } : {}),
  ...(a['checkpoint-dir'] !== undefined ? { checkpointDir: a['checkpoint-dir'], resume: a.resume } : {}),
  seed: num('seed'),
  onProgress: (event) => {
    if (event.type === 'batch') {
      if (event.batch === 1) bar?.start(batches, 0, { epoch: event.epoch, loss: '-', ips: '-' });
      bar?.update(event.batch, { loss: event.loss.total.toFixed(3), ips: event.imagesPerSecond.toFixed(1) });
      if (event.batch === event.batches) bar?.stop();
    } else if (event.type === 'epoch') {
      const { record } = event;
      const loss = Object.entries(record.loss)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(' ');
      const metrics = record.metrics ? ` | val mAP50-95 ${record.metrics.map.toFixed(3)} mAP50 ${record.metrics.map50.toFixed(3)} VOC ${record.metrics.vocMap.toFixed(3)}` : '';
      console.log(`epoch ${record.epoch}: ${loss} | lr ${record.lr.toExponential(2)} | ${record.seconds.toFixed(0)} s, ${(record.images / record.seconds).toFixed(1)} img/s${metrics}`);
    }
  },
});
const trainSeconds = (performance.now() - started) / 1000;
// float16: half the file (the shipped weights stay small); the test below scores the saved file.
if (a.save) {
  await saveDetector(result.detector, a.save, { float16: true });
  console.log(`saved ${a.save} (float16)`);
}

// The held-out test set: split 'test', seed 0, scenes 0..N-1 — what the README reports.
const testScenes = await sceneGenerator({ seed: 0, split: 'test' });
const test = sceneEvaluationData(testScenes, num('test-images'));
const inference = await loadDetector(a.save ?? result.detector);
const { coco, voc, speed } = await evaluateDetector(inference, test, { imgsz });
const totalSeconds = (performance.now() - started) / 1000;
const stats = coco.stats.map((s) => Number(s.toFixed(4)));
console.log(`test (${num('test-images')} scenes, split 'test', seed 0): VOC mAP@0.5 ${voc.mAP.toFixed(4)} | COCO mAP@[.5:.95] ${coco.stats[0].toFixed(4)} mAP@0.5 ${coco.stats[1].toFixed(4)}`);
console.log(`COCO stats ${JSON.stringify(stats)}`);
console.log(`inference per image: ${speed.preprocess.toFixed(1)} ms preprocess, ${speed.inference.toFixed(1)} ms inference, ${speed.postprocess.toFixed(1)} ms postprocess`);
clearInterval(sampler);
console.log(`wall time ${(totalSeconds / 60).toFixed(1)} min (training ${(trainSeconds / 60).toFixed(1)} min); mean 1-minute load average ${(loads.reduce((x, y) => x + y, 0) / Math.max(loads.length, 1)).toFixed(1)} on ${os.cpus().length} cores`);
if (a.results) {
  const record = {
    command: `node scripts/train_detector.mjs ${process.argv.slice(2).join(' ')}`,
    date: new Date().toISOString().slice(0, 10),
    machine: { cpus: os.cpus().length, threads: getThreadsCount(), meanLoadAverage1m: loads.reduce((x, y) => x + y, 0) / Math.max(loads.length, 1), loadSamples: loads },
    model: { backbone: a.backbone, head: a.head, width: num('width'), depth: num('depth'), regMax: num('reg-max'), params: size.params, macs: size.macs, imgsz },
    history: result.history,
    test: { images: num('test-images'), split: 'test', seed: 0, vocMap: voc.mAP, cocoStats: coco.stats, perClassVoc: voc.perClass.map((c) => ({ name: c.name, ap: c.ap })) },
    speed,
    wallSeconds: totalSeconds,
    trainSeconds,
  };
  await writeFile(a.results, `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(a.results.replace(/\.json$/, '') + '.md', trainingReport(record));
  console.log(`results ${a.results} (and .md)`);
}
inference.dispose();
