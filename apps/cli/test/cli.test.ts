import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { availableBackends, decodeImage, setBackend, tf } from '@foveajs/core';
import { SCENE_CATEGORIES } from '@foveajs/datasets';
import { buildDetector, type CocoDetection, SAMPLE_SCENE, SCENES_DETECTOR_WEIGHTS, saveDetector } from '@foveajs/detect';
import { IMAGENET_CLASS_NAMES, loadModel, MobileNetV2, saveModel, saveWeights } from '@foveajs/models';
import { evaluateTracking, parseMotChallenge, parseSeqinfo } from '@foveajs/track';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The committed entry npm links as the `fovea` command (it loads dist/cli.js).
const cli = fileURLToPath(new URL('../bin/fovea.js', import.meta.url));
const samplesDir = fileURLToPath(new URL('../samples/', import.meta.url));
const photosDir = fileURLToPath(new URL('../../../packages/datasets/assets/', import.meta.url));
// Real Keras files, beside the repository (../shared/keras-real; CI has them): see PROVENANCE.md there.
const realDir = fileURLToPath(new URL('../../../../shared/keras-real/', import.meta.url));
const haveRealFiles = existsSync(`${realDir}PROVENANCE.md`);
if (!haveRealFiles && process.env.CI) throw new Error(`CI needs the real Keras files in ${realDir}`);
// Debian's dataset-fashion-mnist (CI has it).
const haveFashionMnist = existsSync('/usr/share/datasets/fashion-mnist') || process.env['FOVEA_FASHION_MNIST_DIR'] !== undefined;
if (!haveFashionMnist && process.env.CI) throw new Error('CI needs Fashion-MNIST (apt-get install dataset-fashion-mnist)');

async function fovea(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/** `fovea … --json`: exit 0 and stdout that parses. */
async function foveaJson<T>(...args: string[]): Promise<T> {
  const { stdout, stderr, code } = await fovea(...args, '--json');
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as T;
}

interface Score {
  index: number;
  label: string;
  probability: number;
}
interface ClassifyJson {
  model: string;
  backend: string;
  threads?: number;
  seconds: number;
  predictions: Array<Score & { file: string; top: Score[]; expected?: number }>;
  failures: Array<{ file: string; error: string }>;
  correct?: number;
  declared?: number;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fovea-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fovea classify', () => {
  it('classifies the held-out sample digits with the shipped LeNet-5', async () => {
    const samples = (await readdir(samplesDir)).filter((f) => f.endsWith('.png')).map((f) => samplesDir + f);
    expect(samples).toHaveLength(10);
    const { stdout, code } = await fovea('classify', ...samples, '--backend', 'fovea-wasm');
    expect(code).toBe(0);
    const summary = /(\d+)\/(\d+) correct/.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    expect(Number(summary![2])).toBe(10);
    // Digits LeNet-5 never trained on: at most one miss out of ten.
    expect(Number(summary![1])).toBeGreaterThanOrEqual(9);
    expect(stdout).toMatch(/10 images on fovea-wasm/);
  });

  it('writes the predictions as JSON: every digit, probabilities in range, the top 3 in order', async () => {
    const result = await foveaJson<ClassifyJson>('classify', '--top', '3', '--threads', '1');
    expect(result).toMatchObject({ model: 'lenet5', backend: 'fovea-wasm', threads: 1, declared: 10, failures: [] });
    expect(result.correct).toBeGreaterThanOrEqual(9);
    expect(result.predictions).toHaveLength(10);
    for (const p of result.predictions) {
      expect(p.top).toHaveLength(3);
      expect(p.top[0]).toEqual({ index: p.index, label: String(p.index), probability: p.probability });
      expect(p.top.map((s) => s.probability)).toEqual([...p.top.map((s) => s.probability)].sort((a, b) => b - a));
      expect(p.top.reduce((sum, s) => sum + s.probability, 0)).toBeLessThanOrEqual(1 + 1e-5);
      expect(p.probability).toBeGreaterThan(0.5);
    }
  });

  it('classifies on every backend available here (webgpu in Node included)', async () => {
    const backends = (await availableBackends()).filter((status) => status.available).map((status) => status.name);
    expect(backends).toContain('fovea-wasm');
    if (process.env.CI) expect(backends).toContain('webgpu');
    const samples = ['digit-3-heldout6.png', 'digit-8-heldout2.png'].map((f) => samplesDir + f);
    for (const backend of backends) {
      const { stdout, stderr, code } = await fovea('classify', ...samples, '--backend', backend);
      expect(code, `${backend}: ${stderr}`).toBe(0);
      expect(stdout).toMatch(new RegExp(`2 images on ${backend} in .*; 2/2 correct`));
    }
  });

  it('runs a zoo model on its weights and names ImageNet classes with decodePredictions', async () => {
    // MobileNetV2's weights with the classifier's bias set so that class 281 (tabby) wins.
    await setBackend('cpu');
    const model = MobileNetV2();
    const head = model.getLayer('predictions');
    // getWeights() hands out the layer's own variables' values: setWeights copies the new ones in.
    const [kernel] = head.getWeights();
    const zeros = tf.zerosLike(kernel!);
    const favoured = tf.tidy(() => tf.oneHot(tf.tensor1d([281], 'int32'), 1000).reshape([1000]).mul(12));
    head.setWeights([zeros, favoured]);
    tf.dispose([zeros, favoured]);
    const weights = join(work, 'mobilenet_v2.weights.h5');
    await saveWeights(model, weights);
    model.dispose();

    const result = await foveaJson<ClassifyJson>('classify', `${photosDir}china.jpg`, `${photosDir}flower.jpg`, '--model', 'mobilenetv2', '--weights', weights);
    expect(result.model).toBe('MobileNetV2');
    expect(result.predictions).toHaveLength(2);
    for (const p of result.predictions) {
      expect(p.top).toHaveLength(5);
      expect(p).toMatchObject({ index: 281, label: IMAGENET_CLASS_NAMES[281] });
      expect(p.label).toBe('tabby, tabby cat');
      expect(p.probability).toBeGreaterThan(0.9);
      expect(p.probability).toBeLessThanOrEqual(1);
    }
    const text = await fovea('classify', `${photosDir}china.jpg`, '--model', 'MobileNetV2', '--weights', weights, '--top', '2', '--backend', 'cpu');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/china\.jpg: tabby, tabby cat \(p=0\.\d{3}\); then /);
    expect(text.stdout).toMatch(/1 image on cpu in/);
  });

  it('goes on past a file it cannot read, reports it, and exits non-zero at the end', async () => {
    const { stdout, stderr, code } = await fovea('classify', '/nonexistent/digit.png', `${samplesDir}digit-7-heldout24.png`, fileURLToPath(import.meta.url));
    expect(code).toBe(1);
    expect(stdout).toMatch(/digit-7-heldout24\.png: 7 /);
    expect(stdout).toMatch(/1 image on fovea-wasm in .*; 1\/1 correct; 2 files could not be read/);
    expect(stderr).toMatch(/fovea: readImage: \/nonexistent\/digit\.png: it could not be opened: ENOENT/);
    expect(stderr).toMatch(/fovea: decodeImage: the bytes are not a decodable JPEG\/PNG image .*cli\.test\.ts\)/);
  });
});

describe('fovea train', () => {
  interface TrainJson {
    task: string;
    backend: string;
    settings: { epochs: number; batchSize: number; maxBatches?: number };
    resumedAfterEpoch: number;
    epochs: Array<{ epoch: number; loss: number; accuracy: number; valAccuracy: number; examples: number }>;
    accuracy: number;
    classNames: string[];
    weights: string;
  }

  it('trains lenet5 for an epoch, resumes for a second, and classify reads the weights', async () => {
    const out = join(work, 'lenet5');
    const first = await foveaJson<TrainJson>('train', 'lenet5', '--epochs', '1', '--max-batches', '3', '--batch-size', '32', '--out', out);
    expect(first).toMatchObject({ task: 'lenet5', backend: 'fovea-wasm', resumedAfterEpoch: 0, settings: { epochs: 1, batchSize: 32, maxBatches: 3 } });
    expect(first.epochs).toHaveLength(1);
    expect(first.epochs[0]).toMatchObject({ epoch: 1, examples: 96 });
    expect(first.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    for (const log of first.epochs) {
      expect(log.loss).toBeGreaterThan(0);
      expect(log.loss).toBeLessThan(10);
      expect(log.accuracy).toBeGreaterThanOrEqual(0);
      expect(log.valAccuracy).toBeLessThanOrEqual(1);
    }
    expect(first.weights).toBe(join(out, 'model.json'));
    expect(existsSync(join(out, 'weights.bin'))).toBe(true);
    expect(JSON.parse(await readFile(join(out, 'training.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(first)));

    const resumed = await fovea('train', 'lenet5', '--epochs', '2', '--out', out);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/3 batches per epoch; resuming after epoch 1 of 2/);
    expect(resumed.stdout).not.toMatch(/^epoch 1\//m);
    expect(resumed.stdout).toMatch(/^epoch 2\/2: loss \d+\.\d+ acc .* 96 examples\)$/m);
    expect(resumed.stdout).toMatch(/classify with: fovea classify <images\.\.\.> --model lenet5 --weights .*model\.json/);
    const report = JSON.parse(await readFile(join(out, 'training.json'), 'utf8')) as TrainJson;
    expect(report.epochs.map((log) => log.epoch)).toEqual([1, 2]);
    expect(report.resumedAfterEpoch).toBe(1);

    // A resumed run keeps the checkpoint's settings.
    const conflict = await fovea('train', 'lenet5', '--epochs', '3', '--batch-size', '64', '--out', out);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr.trim()).toMatch(/^fovea: batchSize: the checkpoint in .* was trained with batchSize 32, got 64; resume with its settings, or restart$/);

    const classified = await foveaJson<ClassifyJson>('classify', `${samplesDir}digit-3-heldout6.png`, '--weights', join(out, 'model.json'), '--top', '10');
    expect(classified.predictions[0]!.top).toHaveLength(10);
    expect(classified.predictions[0]!.top.reduce((sum, s) => sum + s.probability, 0)).toBeCloseTo(1, 4);
    // The weights are LeNet-5's in tfjs's format: loadModel reads them as a whole model too.
    await setBackend('cpu');
    const loaded = (await loadModel(join(out, 'model.json'))) as tfl.LayersModel;
    expect(loaded.countParams()).toBe(61_706);
    loaded.dispose();
  });

  it.skipIf(!haveFashionMnist)('trains the Fashion-MNIST CNN and classify names clothes with it', async () => {
    const out = join(work, 'fashion');
    const trained = await fovea('train', 'fashion-cnn', '--epochs', '1', '--max-batches', '2', '--batch-size', '16', '--out', out);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/fashion-cnn on fovea-wasm \(\d+ threads?\): Fashion-MNIST: 60000 training images, 10000 test images; 421,642 parameters/);
    expect(trained.stdout).toMatch(/test accuracy \d+\.\d\d% \(32 official test images\)/);
    const result = await foveaJson<ClassifyJson>('classify', `${photosDir}flower.jpg`, '--model', 'fashion-cnn', '--weights', join(out, 'model.json'));
    expect(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']).toContain(result.predictions[0]!.label);
  });

  it('refuses bad input with a one-line error', async () => {
    for (const [args, message] of [
      [['train', 'alexnet', '--out', work], /^fovea: training task: expected one of lenet5, fashion-cnn, got 'alexnet'$/],
      [['train', 'lenet5'], /^fovea: required option '-o, --out <dir>' not specified$/],
      [['train', 'lenet5', '--out', work, '--epochs', '2.5'], /^fovea: option '-e, --epochs <n>' argument '2\.5' is invalid\. expected a whole number >= 1$/],
      [['train', 'lenet5', '--out', work, '--learning-rate', '0.01x'], /^fovea: option '--learning-rate <x>' argument '0\.01x' is invalid\. expected a number > 0$/],
      [['train', 'lenet5', '--out', work, '--init', '/nonexistent/w.json'], /^fovea: the weights file cannot be read: it could not be opened: ENOENT.*\/nonexistent\/w\.json/],
    ] as const) {
      const { stderr, code } = await fovea(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr.trim(), args.join(' ')).toMatch(message);
    }
  });
});

describe('fovea detect and fovea track', () => {
  // A detector of the scenes' 20 classes, untrained and tiny. Its class biases are raised from
  // YOLOv8's prior (scores near 1e-4, so nothing would be kept) to 2 (scores near 0.88, above
  // ByteTrack's newTrackThresh 0.6), so that every image has detections to draw, write, score and
  // track; where its boxes fall does not matter here.
  let weights: string;
  const scene = fileURLToPath(SAMPLE_SCENE);
  const shipsDetector = existsSync(fileURLToPath(SCENES_DETECTOR_WEIGHTS));

  beforeAll(async () => {
    await setBackend('cpu');
    const built = buildDetector({
      classes: SCENE_CATEGORIES.length,
      names: SCENE_CATEGORIES.map((c) => c.name),
      categoryIds: SCENE_CATEGORIES.map((c) => c.id),
      widthMultiple: 0.0625,
    });
    for (const name of built.config.outputs.filter((output) => output.startsWith('cls_'))) {
      const layer = built.model.getLayer(name);
      const [kernel, bias] = layer.getWeights();
      const raised = tf.fill(bias!.shape, 2);
      layer.setWeights([kernel!, raised]);
      raised.dispose();
    }
    weights = join(work, 'detector', 'model.json');
    await saveDetector(built, weights);
    built.model.dispose();
  });

  /** A COCO results entry as the format defines it, inside its image. */
  function expectResultEntry(entry: CocoDetection, image: { id: number; width: number; height: number }, conf: number): void {
    expect(Object.keys(entry).sort()).toEqual(['bbox', 'category_id', 'image_id', 'score']);
    expect(entry.image_id).toBe(image.id);
    expect(SCENE_CATEGORIES.map((c) => c.id)).toContain(entry.category_id);
    expect(entry.bbox).toHaveLength(4);
    const [x, y, w, h] = entry.bbox as [number, number, number, number];
    expect(w).toBeGreaterThanOrEqual(0);
    expect(h).toBeGreaterThanOrEqual(0);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + w).toBeLessThanOrEqual(image.width + 1e-3);
    expect(y + h).toBeLessThanOrEqual(image.height + 1e-3);
    expect(entry.score).toBeGreaterThanOrEqual(conf);
    expect(entry.score).toBeLessThanOrEqual(1);
  }

  async function expectPng(path: string, height: number, width: number): Promise<void> {
    const image = await decodeImage(new Uint8Array(await readFile(path)));
    expect(image.shape).toEqual([height, width, 3]);
    image.dispose();
  }

  interface DetectJson {
    weights: string;
    backend: string;
    images: Array<{ id: number; file: string; annotated: string; width: number; height: number; detections: number }>;
    detections: number;
    results: string;
    evaluation?: { images: number; groundTruthImages: number; coco: { stats: number[]; summary: Record<string, number> }; vocMap: number; voc2007Map: number };
  }

  it('detects in a folder and a glob, writes annotated PNGs and COCO results, and scores them with --eval', async () => {
    const scenes = join(work, 'scenes');
    await mkdir(scenes);
    await copyFile(scene, join(scenes, 'scene-10.png'));
    await copyFile(scene, join(scenes, 'scene-9.png'));
    const out = join(work, 'detect-out');
    const run = await foveaJson<DetectJson>('detect', scenes, `${photosDir}*.jpg`, '--weights', weights, '--max-det', '10', '--out', out);
    // Folders and globs in name order, digit runs as numbers; ids 1, 2, … in that order.
    expect(run.images.map((image) => [image.id, image.file])).toEqual([
      [1, join(scenes, 'scene-9.png')],
      [2, join(scenes, 'scene-10.png')],
      [3, `${photosDir}china.jpg`],
      [4, `${photosDir}flower.jpg`],
    ]);
    expect(run).toMatchObject({ weights, backend: 'fovea-wasm', results: join(out, 'detections.json') });
    const results = JSON.parse(await readFile(run.results, 'utf8')) as CocoDetection[];
    expect(results).toHaveLength(run.detections);
    for (const image of run.images) {
      expect(image.annotated).toBe(join(out, `${image.file.split('/').pop()!.replace(/\.\w+$/, '')}.png`));
      await expectPng(image.annotated, image.height, image.width);
      const own = results.filter((entry) => entry.image_id === image.id);
      expect(own).toHaveLength(image.detections);
      expect(image.detections).toBeGreaterThan(0);
      expect(image.detections).toBeLessThanOrEqual(10);
      for (const entry of own) expectResultEntry(entry, image, 0.25);
    }
    expect(run.images.find((image) => image.id === 3)).toMatchObject({ width: 640, height: 427 });

    // Ground truth made of the detections themselves, under other ids and listed in another order:
    // only a run that matches images by file name finds every object, at IoU 1.
    const ids = new Map([
      [1, 42],
      [2, 7],
    ]);
    const groundTruth = {
      images: [
        { id: 7, file_name: 'scene-10.png', width: 320, height: 320 },
        { id: 42, file_name: 'elsewhere/scene-9.png', width: 320, height: 320 },
        { id: 99, file_name: 'not-run.png', width: 320, height: 320 },
      ],
      annotations: results
        .filter((entry) => ids.has(entry.image_id))
        .map((entry, i) => ({ id: i + 1, image_id: ids.get(entry.image_id)!, category_id: entry.category_id, bbox: entry.bbox, area: entry.bbox[2]! * entry.bbox[3]!, iscrowd: 0 })),
      categories: SCENE_CATEGORIES,
    };
    const gtFile = join(work, 'scenes-gt.json');
    await writeFile(gtFile, JSON.stringify(groundTruth));
    const scored = await foveaJson<DetectJson>('detect', scenes, '--weights', weights, '--max-det', '10', '--out', join(work, 'detect-eval'), '--eval', gtFile);
    expect(scored.images.map((image) => image.id)).toEqual([42, 7]);
    expect(scored.evaluation).toMatchObject({ images: 2, groundTruthImages: 3, vocMap: 1 });
    expect(scored.evaluation!.coco.stats).toHaveLength(12);
    expect(scored.evaluation!.coco.summary.ap).toBeCloseTo(1, 12);
    expect(scored.evaluation!.coco.summary.ar100).toBeCloseTo(1, 12);
    // Every stat is 1 where it is defined, but AR1, which lets each image keep one detection only.
    scored.evaluation!.coco.stats.forEach((stat, i) => {
      if (i === 6) expect(stat).toBeGreaterThan(0);
      else expect(stat === -1 || Math.abs(stat - 1) < 1e-12, `stat ${i}: ${stat}`).toBe(true);
    });

    const text = await fovea('detect', scenes, '--weights', weights, '--max-det', '10', '--out', join(work, 'detect-eval'), '--eval', gtFile);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^ Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.95 \| area= {3}all \| maxDets=100 \] = 1\.000$/m);
    expect(text.stdout).toMatch(/^ Average Recall {5}\(AR\) @\[ IoU=0\.50:0\.95 \| area= large \| maxDets=100 \] = /m);
    expect(text.stdout).toMatch(/^VOC mAP@0\.5: 1\.000 \(all-point, VOC2010\+\), 1\.000 \(11-point, VOC2007\)$/m);
  });

  it('detects in the shipped sample scene by default, keeping only the --classes asked for', async () => {
    const out = join(work, 'detect-sample');
    const { stdout, stderr, code } = await fovea('detect', '--weights', weights, '--classes', '0,sandal', '--out', out);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/samples\/scene\.png: \d+ objects? → .*scene\.png/);
    expect(stdout).toMatch(/1 image on fovea-wasm \(\d+ threads?\) in/);
    const results = JSON.parse(await readFile(join(out, 'detections.json'), 'utf8')) as CocoDetection[];
    expect(results.length).toBeGreaterThan(0);
    // Class 0 is the digit '0' (category 1), Sandal is class 15 (category 16).
    expect(new Set(results.map((entry) => entry.category_id))).toEqual(new Set([1, 16]));
    await expectPng(join(out, 'scene.png'), 320, 320);
  });

  interface TrackJson {
    tracker: string;
    frames: number;
    detections: number;
    tracks: number;
    outputs: { frames: string; preview: string; results: string; seqinfo: string; groundTruth?: string };
    preview: { frames: number; everyNthFrame: number; width: number; height: number };
    metrics?: Record<string, number | null>;
  }

  async function expectTrackOutputs(run: TrackJson, frames: number): Promise<ReturnType<typeof parseMotChallenge>> {
    for (let frame = 1; frame <= frames; frame++) await expectPng(join(run.outputs.frames, `${String(frame).padStart(6, '0')}.png`), 320, 320);
    const gif = await readFile(run.outputs.preview);
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(run.preview).toEqual({ frames, everyNthFrame: 1, width: 320, height: 320 });
    const rows = parseMotChallenge(await readFile(run.outputs.results, 'utf8'), { source: run.outputs.results });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.frame).toBeGreaterThanOrEqual(1);
      expect(row.frame).toBeLessThanOrEqual(frames);
      expect(row.id).toBeGreaterThanOrEqual(1);
      expect(row.conf).toBeGreaterThanOrEqual(0.1);
      expect(row).toMatchObject({ x: -1, y: -1, z: -1 });
    }
    for (let frame = 1; frame <= frames; frame++) {
      const ids = rows.filter((row) => row.frame === frame).map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(new Set(rows.map((row) => row.id)).size).toBe(run.tracks);
    const seqinfo = parseSeqinfo(await readFile(run.outputs.seqinfo, 'utf8'));
    expect(seqinfo).toMatchObject({ seqLength: frames, imWidth: 320, imHeight: 320, frameRate: 30 });
    return rows;
  }

  it.skipIf(!haveFashionMnist)('tracks a generated clip with ByteTrack: frames, GIF, MOTChallenge files and the metrics they give', async () => {
    const out = join(work, 'track-synthetic');
    const run = await foveaJson<TrackJson>('track', '--synthetic', '8', '--weights', weights, '--tracker', 'bytetrack', '--max-det', '20', '--out', out);
    expect(run).toMatchObject({ tracker: 'bytetrack', frames: 8 });
    const rows = await expectTrackOutputs(run, 8);
    const truth = parseMotChallenge(await readFile(run.outputs.groundTruth!, 'utf8'));
    expect(truth.length).toBeGreaterThan(0);
    for (const row of truth) {
      expect(row.conf).toBe(1);
      expect(row.x).toBeGreaterThanOrEqual(1);
      expect(row.x).toBeLessThanOrEqual(20);
      expect(row.y).toBeGreaterThan(0);
      expect(row.y).toBeLessThanOrEqual(1);
    }
    const metrics = run.metrics!;
    for (const key of ['idf1', 'idp', 'idr', 'hota', 'deta', 'assa']) {
      expect(metrics[key], key).toBeGreaterThanOrEqual(0);
      expect(metrics[key], key).toBeLessThanOrEqual(1);
    }
    // MOTP and LocA average over matched boxes: null (NaN) when a random detector matched none.
    for (const key of ['motp', 'loca']) if (metrics[key] !== null) expect(metrics[key]! >= 0 && metrics[key]! <= 1, key).toBe(true);
    expect(metrics['mota']).toBeLessThanOrEqual(1);
    for (const key of ['idSwitches', 'fragmentations', 'fp', 'fn', 'mostlyTracked', 'partiallyTracked', 'mostlyLost']) expect(Number.isInteger(metrics[key]), key).toBe(true);
    // The metrics are those of the files written: TrackEval scoring them would agree.
    const fromFiles = evaluateTracking(truth, rows);
    for (const [key, value] of Object.entries(metrics)) {
      const expected = fromFiles[key as keyof typeof fromFiles];
      expect(value, key).toBe(typeof expected === 'number' && Number.isNaN(expected) ? null : expected);
    }

    const text = await fovea('track', '--synthetic', '8', '--weights', weights, '--max-det', '20', '--out', join(work, 'track-text'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^tracker +MOTA +IDF1 +HOTA +DetA +AssA +MOTP +ID sw\. +FP +FN$/m);
    // The same clip and detector: the same numbers in the table.
    expect(text.stdout).toMatch(new RegExp(`^bytetrack +${metrics['mota']!.toFixed(3)} +${metrics['idf1']!.toFixed(3)} +${metrics['hota']!.toFixed(3)} `, 'm'));
  });

  it('tracks a folder of frames with DeepSort and a re-ID model given by --reid', async () => {
    const frames = join(work, 'frames');
    await mkdir(frames);
    // Out of name order on disk, and frame 10 sorts after frame 9.
    for (const name of ['frame10.png', 'frame9.png', 'frame1.png']) await copyFile(scene, join(frames, name));
    await setBackend('cpu');
    const reid = tfl.sequential({
      layers: [tfl.layers.conv2d({ inputShape: [16, 16, 3], filters: 8, kernelSize: 3, activation: 'relu' }), tfl.layers.globalAveragePooling2d({})],
    });
    const reidFile = join(work, 'reid', 'model.json');
    await saveModel(reid, reidFile);
    reid.dispose();
    const run = await foveaJson<TrackJson & { reid: string; source: { folder: string } }>(
      'track',
      frames,
      '--tracker',
      'deepsort',
      '--reid',
      reidFile,
      '--weights',
      weights,
      '--max-det',
      '5',
      '--out',
      join(work, 'track-folder'),
    );
    expect(run).toMatchObject({ tracker: 'deepsort', reid: reidFile, frames: 3, source: { folder: frames } });
    expect(run.metrics).toBeUndefined();
    expect(run.outputs.groundTruth).toBeUndefined();
    // DeepSort confirms a track on its third match: the same scene three times gives confirmed tracks in frame 3.
    const rows = await expectTrackOutputs(run, 3);
    expect(rows.some((row) => row.frame === 3)).toBe(true);
    expect(parseSeqinfo(await readFile(run.outputs.seqinfo, 'utf8')).name).toBe('frames');
  });

  it('fails with one line and a non-zero exit on bad input', async () => {
    const notJson = join(work, 'not-coco.json');
    await writeFile(notJson, '{"images": [{"id": 1}], "annotations": [], "categories": []}');
    const cases: Array<[string[], RegExp]> = [
      [['detect', '/nonexistent/scene.png', '--out', work], /^fovea: \/nonexistent\/scene\.png: no such file or folder$/],
      [['detect', `${work}/*.nosuch`, '--out', work], /^fovea: .*\*\.nosuch: no PNG or JPEG file matches$/],
      [['detect', fileURLToPath(import.meta.url), '--weights', weights, '--out', work], /cli\.test\.ts: decodeImage: the bytes are not a decodable JPEG\/PNG image/],
      [['detect', scene, '--weights', '/nonexistent/model.json', '--out', work], /^fovea: .*could not be opened.*\/nonexistent\/model\.json/],
      [['detect', scene, '--eval', notJson, '--out', work], /^fovea: --eval .*not-coco\.json: images\[0\] needs a numeric 'id' and a 'file_name'/],
      [['detect', scene, '--weights', weights, '--classes', 'zebra', '--out', work], /^fovea: --classes: 'zebra' is not a class of this detector \(0, 1, .*Ankle boot\)$/],
      [['detect', '--imgsz', '100', '--out', work], /^fovea: option '--imgsz <n>' argument '100' is invalid\. expected a multiple of 32/],
      [['detect', scene], /^fovea: required option '-o, --out <dir>' not specified$/],
      [['track', '--synthetic', '8', '--tracker', 'kalman', '--out', work], /^fovea: option '--tracker <name>' argument 'kalman' is invalid\. Allowed choices are sort, bytetrack, deepsort\.$/],
      [['track', '--synthetic', '8', '--tracker', 'deepsort', '--out', work], /^fovea: --tracker deepsort needs --reid <model>: DeepSort matches by appearance, and Fovea ships no trained re-ID network$/],
      [['track', '--out', work], /^fovea: expected a folder of frames, or --synthetic <n> for a generated clip with ground truth$/],
      [['track', '/nonexistent/frames', '--out', work], /^fovea: \/nonexistent\/frames: no such folder$/],
      [['track', scene, '--out', work], /^fovea: .*scene\.png: expected a folder of frames/],
      [['track', '--synthetic', '0', '--out', work], /^fovea: option '--synthetic <n>' argument '0' is invalid\. expected a whole number >= 1$/],
    ];
    if (!shipsDetector) cases.push([['detect', scene, '--out', work], /^fovea: no --weights given and @foveajs\/detect ships no trained detector \(.*model\.json is missing\); pass --weights <model\.json>/]);
    for (const [args, message] of cases) {
      const { stderr, code } = await fovea(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr.trim(), args.join(' ')).toMatch(message);
    }
  });
});

describe('fovea summary, models, backends', () => {
  it('prints a zoo model summary with its parameter count, as text and as JSON', async () => {
    const { stdout, code } = await fovea('summary', 'LeNet5');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Params: 61,706/);
    const json = await foveaJson<{ model: string; batchSize: number; layers: unknown[]; totals: { params: number; trainingBytes: number; inferenceBytes: number } }>(
      'summary',
      'mobilenetv2',
      '--batch-size',
      '8',
      '--backend',
      'cpu',
    );
    expect(json).toMatchObject({ model: 'MobileNetV2', batchSize: 8, totals: { params: 3_538_984 } });
    expect(json.layers.length).toBeGreaterThan(100);
    expect(json.totals.trainingBytes).toBeGreaterThan(json.totals.inferenceBytes);
  });

  it('lists the zoo, saying whose parameter count each row shows', async () => {
    const { stdout, code } = await fovea('models');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^model\s+family\s+input\s+params\s+counted by/m);
    expect(stdout).toMatch(/^LeNet5\s+lenet\s+32\s+61,706\s+the paper\s+no$/m);
    expect(stdout).toMatch(/^ResNet50\s+resnet\s+224\s+25,636,712\s+Keras\s+yes$/m);
    const json = await foveaJson<Array<{ name: string; kerasParams: number | null; defaultSize: number }>>('models');
    expect(json).toHaveLength(26);
    expect(json.find((m) => m.name === 'ResNet50')).toMatchObject({ kerasParams: 25_636_712, defaultSize: 224 });
  });

  it('reports backends truthfully, with the install hint for tensorflow', async () => {
    const { stdout, code } = await fovea('backends');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fovea-wasm\s+yes/m);
    expect(stdout).toMatch(/^tensorflow\s+no\s+.*tfjs-node-gpu/m);
    expect(stdout).toMatch(/Install `@tensorflow\/tfjs-node-gpu/);
    const json = await foveaJson<{ backends: Array<{ name: string; available: boolean }>; features: { wasmSimd: boolean } }>('backends');
    expect(json.backends.find((b) => b.name === 'fovea-wasm')?.available).toBe(true);
    expect(json.features.wasmSimd).toBe(true);
  });
});

describe('fovea bench', () => {
  it("runs the repository's benchmarks with the options given, and passes the others through", async () => {
    const results = join(work, 'bench');
    const { stdout, stderr, code } = await fovea(
      'bench',
      '--suite',
      'kernels',
      '--case',
      'matmul',
      '--backend',
      'cpu',
      '--runs',
      '1',
      '--warmup',
      '1',
      '--warmup-ms',
      '1',
      '--no-relaxed',
      '--results',
      results,
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/\| MatMul 128×1024 · 1024×1024/);
    // A filtered run writes to the results folder's tmp/.
    const report = JSON.parse(await readFile(join(results, 'tmp', 'kernels.json'), 'utf8')) as { suite: string; results: unknown[] };
    expect(report.suite).toBe('kernels');
    expect(report.results.length).toBeGreaterThan(0);
    const unknown = await fovea('bench', '--suite', 'nosuch');
    expect(unknown.code).toBe(1);
    // The suites listed grow as packages add theirs (detect, track): only the first few are fixed.
    expect(unknown.stderr).toMatch(/suite 'nosuch' is not one of kernels, training, (\w+, )*models\b/);
  });
});

describe('fovea', () => {
  it('says to build first when the compiled command is missing', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'fovea-bin-'));
    await mkdir(join(copy, 'bin'));
    await copyFile(cli, join(copy, 'bin', 'fovea.js'));
    const failed = await run(process.execPath, [join(copy, 'bin', 'fovea.js'), '--help']).catch((error: { stderr: string; code: number }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the command is not built yet \(dist\/cli\.js is missing\); run `npm run build`/);
    await rm(copy, { recursive: true, force: true });
  });

  it('prints its version and help, for itself and every command', async () => {
    const version = await fovea('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await fovea('--help');
    const commands = ['backends', 'models', 'summary', 'classify', 'detect', 'track', 'train', 'convert', 'bench'];
    for (const command of commands) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
      const own = await fovea(command, '--help');
      expect(own.code, command).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`^Usage: fovea ${command} `));
      expect(own.stdout).toMatch(/-V, --version/);
      if (['classify', 'detect', 'track', 'summary', 'train'].includes(command)) expect(own.stdout).toMatch(/--backend <name>[\s\S]*--threads <n>[\s\S]*--json/);
    }
    expect((await fovea('train', '--version')).stdout.trim()).toBe(version.stdout.trim());
  });

  it('fails with one line and a non-zero exit on bad input', async () => {
    for (const [args, message] of [
      [['summary', 'ResNet9000'], /^fovea: getModelInfo: name must be one of .*, got 'ResNet9000'$/],
      [['summary', 'LeNet5', '--batch-size', '2.5'], /^fovea: option '--batch-size <n>' argument '2\.5' is invalid\. expected a whole number >= 1$/],
      [['summary', 'LeNet5', '--batch-size', '10abc'], /^fovea: option '--batch-size <n>' argument '10abc' is invalid/],
      [['classify', '--top', '1.5'], /^fovea: option '--top <n>' argument '1\.5' is invalid\. expected a whole number >= 1$/],
      [['classify', '--threads', '0'], /^fovea: option '-t, --threads <n>' argument '0' is invalid\. expected a whole number >= 1$/],
      [['classify', '--threads', '2', '--backend', 'cpu'], /^fovea: --threads sets fovea-wasm's threads; it does not apply to --backend cpu$/],
      [['classify', '--backend', 'tensorflow'], /^fovea: backend 'tensorflow' is not available: .*Install `@tensorflow\/tfjs-node-gpu/],
      [['classify', '--backend', 'opengl'], /^fovea: option '-b, --backend <name>' argument 'opengl' is invalid\. Allowed choices are auto, fovea-wasm/],
      [['classify', '--model', 'ResNet9000'], /^fovea: --model: expected lenet5, fashion-cnn or a model of `fovea models` \(.*\), got 'ResNet9000'$/],
      [['classify', '--model', 'ResNet50'], /^fovea: --model ResNet50 needs --weights <file>: .*'imagenet'/],
      [['classify', '--model', 'fashion-cnn'], /^fovea: --model fashion-cnn needs --weights <model\.json>: train it with `fovea train fashion-cnn --out <dir>`/],
      [['classify', '--weights', '/nonexistent/model.json'], /^fovea: the weights file cannot be read: it could not be opened: ENOENT.*\/nonexistent\/model\.json/],
      [['classify', '/nonexistent/digit.png'], /^fovea: readImage: \/nonexistent\/digit\.png: it could not be opened: ENOENT/],
      [['bench', '--threads', '1.5'], /^fovea: option '--threads <n>' argument '1\.5' is invalid/],
      [['nosuch'], /^fovea: unknown command 'nosuch'$/],
    ] as const) {
      const { stderr, code } = await fovea(...args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr.trim(), args.join(' ')).toMatch(message);
    }
  });

  it('refuses a decompression bomb from its header, and decodes other images straight to 28×28', async () => {
    // A PNG declaring 16000×16000 (the real one is 746 KB) made classify peak at 7.9 GB.
    const { deflateSync, crc32 } = await import('node:zlib');
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(16000, 0);
    header.writeUInt32BE(16000, 4);
    header[8] = 8;
    header[9] = 2;
    const dir = await mkdtemp(join(tmpdir(), 'fovea-cli-bomb-'));
    const bomb = join(dir, 'bomb.png');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(bomb, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(4 * 48001))), chunk('IEND', Buffer.alloc(0))]));
    const { stdout, stderr, code } = await fovea('classify', bomb, `${samplesDir}digit-7-heldout24.png`, '--backend', 'cpu');
    expect(code).toBe(1);
    expect(stdout).toMatch(/digit-7-heldout24\.png: 7 /);
    expect(stderr).toMatch(/16000×16000 = 256000000 pixels, more than maxPixels \(33554432\).*bomb\.png/);
    const low = await fovea('classify', `${samplesDir}digit-7-heldout24.png`, '--max-pixels', '100', '--backend', 'cpu');
    expect(low.stderr).toMatch(/28×28 = 784 pixels, more than maxPixels \(100\)/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!haveRealFiles)('fovea convert', () => {
  /** The LeNet-5's probabilities for the recorded digit 5, from a converted file. */
  async function digitProbabilities(path: string): Promise<Float32Array> {
    await setBackend('cpu');
    const model = await loadModel(path);
    const pixels = JSON.parse(await readFile(`${realDir}lenet5_tensorspace_input_digit5.json`, 'utf8')) as number[];
    const x = tf.tensor(pixels, [1, 28, 28]);
    const ys = model.predict(x) as tf.Tensor | tf.Tensor[];
    const y = Array.isArray(ys) ? ys[ys.length - 1]! : ys;
    const values = (await y.data()) as Float32Array;
    tf.dispose([x, ys] as never);
    (model as tfl.LayersModel).dispose();
    return values;
  }

  it('converts a Keras 2 .h5 to .keras, to tfjs and back to .h5, keeping the predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fovea-convert-'));
    try {
      const original = `${realDir}lenet5_tensorspace_k2.1.6.h5`;
      const steps: [string, string, RegExp][] = [
        [original, join(dir, 'lenet.keras'), /Sequential model, 9 layers, 44,426 parameters, written as a Keras 3 \.keras archive/],
        [join(dir, 'lenet.keras'), join(dir, 'tfjs', 'model.json'), /written as a tfjs Layers model\.json \+ weights\.bin/],
        [join(dir, 'tfjs', 'model.json'), join(dir, 'lenet.h5'), /written as a Keras HDF5 whole-model file/],
      ];
      for (const [input, output, report] of steps) {
        const { stdout, stderr, code } = await fovea('convert', input, output);
        expect(code, stderr).toBe(0);
        expect(stdout).toMatch(report);
      }
      const expected = await digitProbabilities(original);
      for (const [, output] of steps) expect(await digitProbabilities(output)).toEqual(expected);
      const weightsOnly = await fovea('convert', `${realDir}lenet5_tensorspace_weights_k2.2.2.h5`, join(dir, 'split.keras'), '--topology', `${realDir}lenet5_tensorspace_topology.json`);
      expect(weightsOnly.code, weightsOnly.stderr).toBe(0);
      expect(await digitProbabilities(join(dir, 'split.keras'))).toEqual(expected);
      const optimizer = await foveaJson<{ params: number; format: string; includeOptimizer: boolean }>('convert', original, join(dir, 'compiled.keras'), '--include-optimizer');
      expect(optimizer).toMatchObject({ params: 44_426, format: 'keras', includeOptimizer: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly: a missing input, a weights-only input without --topology, an unknown output extension', async () => {
    const missing = await fovea('convert', '/nonexistent/model.h5', '/tmp/out.keras');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/fovea: the model file cannot be read: it could not be opened: ENOENT.*\/nonexistent\/model\.h5/);
    const weightsOnly = await fovea('convert', `${realDir}lenet5_tensorspace_weights_k2.2.2.h5`, '/tmp/out.keras');
    expect(weightsOnly.code).toBe(1);
    expect(weightsOnly.stderr).toMatch(/holds weights only .*--topology|\{ topology/);
    const extension = await fovea('convert', `${realDir}lenet5_tensorspace_k2.1.6.h5`, '/tmp/out.onnx');
    expect(extension.code).toBe(1);
    expect(extension.stderr).toMatch(/cannot tell the output format of '\/tmp\/out\.onnx'/);
  });
});
