// A short training run (small enough for CI): the loss falls, validation mAP rises, no tensors leak
// per step, and a checkpoint resumes. Single-class 64×64 scenes with one or two large objects, a
// pool of eight training scenes that validation also scores: the test shows the pipeline learns
// (assignment, loss, gradients, EMA, evaluation), not how well a detector generalises — the README's
// run measures that.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom, setBackend, tf } from '@foveajs/core';
import { sceneGenerator } from '@foveajs/datasets';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type EvaluationData, evaluateDetector, loadDetector } from '../detector.js';
import { buildDetector, type HeadFamily } from '../model.js';
import { sceneEvaluationData, sceneSource } from './data.js';
import { learningRate, type TrainProgress, trainDetector } from './train.js';

const SCENES = { height: 64, width: 64, minObjects: 1, maxObjects: 2, minSize: 20, maxSize: 44, crowdProbability: 0 };
const POOL = 8;
let dir: string;
let data: { sample: (i: number) => import('./augment.js').DetectionSample };
let validation: EvaluationData;

beforeAll(async () => {
  await setBackend('fovea-wasm');
  dir = await mkdtemp(join(tmpdir(), 'fovea-detect-train-'));
  const scenes = await sceneGenerator({ seed: 3, ...SCENES });
  const source = sceneSource(scenes);
  // One class ("object"): every category becomes class 0.
  data = {
    sample: (i) => {
      const s = source.sample(i % POOL);
      return { ...s, classes: new Int32Array(s.classes.length) };
    },
  };
  const v = sceneEvaluationData(scenes, POOL);
  validation = { image: v.image, coco: { ...v.coco, categories: [{ id: 1, name: 'object' }], annotations: v.coco.annotations.map((a) => ({ ...a, category_id: 1 })) } };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The tiny detector, its initial weights drawn from a seeded Math.random (tfjs's initializers read it). */
function tiny(head: HeadFamily) {
  const random = Math.random;
  Math.random = seededRandom(head === 'anchor-free' ? 11 : 12);
  try {
    return build(head);
  } finally {
    Math.random = random;
  }
}

function build(head: HeadFamily) {
  return buildDetector({ classes: 1, names: ['object'], imgsz: 64, widthMultiple: 0.0625, regMax: 8, bnMomentum: 0.9, head, anchors: [[8, 8, 16, 16], [24, 24, 32, 32], [40, 40, 56, 56]] });
}

describe('trainDetector', () => {
  test('anchor-free: the loss falls and validation mAP rises; tensors per step stay flat', async () => {
    const detector = tiny('anchor-free');
    const untrained = await loadDetector(detector);
    const before = (await evaluateDetector(untrained, validation, { imgsz: 64 })).coco.stats[1]!;
    untrained.dispose();
    const counts: number[] = [];
    const events: TrainProgress[] = [];
    const { history } = await trainDetector(detector, {
      data,
      epochs: 8,
      imagesPerEpoch: 64,
      batchSize: 8,
      lr0: 0.02,
      warmupSteps: 8,
      ema: false,
      augment: { mosaic: 0, scale: 0, translate: 0, fliplr: 0.5, hsvH: 0, hsvS: 0, hsvV: 0 },
      validation: { data: validation, every: 8 },
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'batch') counts.push(tf.memory().numTensors);
      },
    });
    const first = history[0]!;
    const last = history[history.length - 1]!;
    expect(last.loss.total!).toBeLessThan(0.6 * first.loss.total!);
    expect(history.filter((h) => h.metrics !== undefined).map((h) => h.epoch)).toEqual([8]);
    expect(before).toBeLessThan(0.1);
    expect(last.metrics!.map50).toBeGreaterThan(before + 0.15);
    // Nothing accumulates step to step (the first step builds the loss constants).
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(events.filter((e) => e.type === 'batch').length).toBe(64);
    expect(events.some((e) => e.type === 'validation')).toBe(true);
    detector.model.dispose();
  });

  test('anchor-based: the loss falls; checkpoints resume where they stopped', async () => {
    const run = (epochs: number, detector = tiny('anchor-based')) =>
      trainDetector(detector, {
        data,
        epochs,
        imagesPerEpoch: 32,
        batchSize: 8,
        lr0: 0.02,
        warmupSteps: 4,
        ema: { tau: 10 },
        augment: { mosaic: 0.5, fliplr: 0.5 },
        checkpointDir: dir,
        resume: true,
      });
    const first = await run(2);
    expect(first.history.map((h) => h.epoch)).toEqual([1, 2]);
    first.detector.model.dispose();
    // A fresh model resumes from <dir>/last: epochs 3 and 4 only, the history carried over.
    const resumed = await run(4);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(resumed.history[3]!.loss.total!).toBeLessThan(resumed.history[0]!.loss.total!);
    resumed.detector.model.dispose();
  });

  test('learning rate: linear warm-up, then cosine from lr0 to lr0 · lrf', () => {
    const r = { lr0: 0.01, lrf: 0.1, warmupSteps: 10 };
    expect(learningRate(0, 110, r)).toBeCloseTo(0.001, 12);
    expect(learningRate(9, 110, r)).toBeCloseTo(0.01, 12);
    expect(learningRate(10, 110, r)).toBeCloseTo(0.01, 12);
    expect(learningRate(60, 110, r)).toBeCloseTo(0.0055, 12);
    expect(learningRate(110, 110, r)).toBeCloseTo(0.001, 12);
  });

  test('options are checked', async () => {
    await expect(trainDetector(tiny('anchor-free'), { data, epochs: 0, imagesPerEpoch: 8 })).rejects.toThrow(/trainDetector: epochs must be an integer ≥ 1, got 0/);
    await expect(trainDetector(tiny('anchor-free'), { data, epochs: 1, imagesPerEpoch: 8, imgsz: 48 })).rejects.toThrow(/imgsz must be a multiple of 32, got 48/);
  });
});
