// The trackers on @foveajs/datasets' synthetic videos, with the ground truth itself, perturbed, as
// the detections: a stand-in for a detector's output. 10 sequences (seeds 1–10, split 'test') of
// 300 frames with 8 objects each (320 × 320; objects cross, occlude each other, leave and come
// back). Per ground-truth box, seeded:
//   - missed with probability 0.1 + 0.4 · (1 − visibility) (occluded objects are missed more);
//   - position noise N(0, 0.05 · size) on x and y, size noise × exp(N(0, 0.05));
//   - score clamp(0.3 + 0.7 · visibility + N(0, 0.1), 0.05, 1), so partly hidden objects score low;
//   - a 128-D embedding standing in for a re-ID network: the object's own random unit vector plus
//     noise of norm 0.2 + 0.8 · (1 − visibility), normalised;
// plus Poisson(0.5) false positives a frame (random boxes 24–96 px, score U(0.1, 0.6), random
// embedding). The sequences are scored together (frames and ids offset per sequence: the same as
// py-motmetrics' and TrackEval's combined scores) with evaluateTracking at IoU 0.5.
// The videos need Debian's dataset-fashion-mnist.
import { videoGenerator } from '@foveajs/datasets';
import { ByteTrack, DeepSort, type Detection, evaluateTracking, Sort, type Tracker, type TrackingRow, ULTRALYTICS_BYTETRACK } from '@foveajs/track';
import { gaussian, mulberry32, normalise, poisson, type Random, randomUnit } from './random.js';

const SEQUENCES = 10;
const FRAMES = 300;
const OBJECTS = 8;
const DIMENSION = 128;

export interface StandInSetup {
  sequences: number;
  frames: number;
  objects: number;
  split: 'test';
  seeds: string;
  groundTruthRows: number;
  detections: number;
  embeddingDimension: number;
}

export interface StandInResult {
  tracker: string;
  mota: number;
  idf1: number;
  hota: number;
  deta: number;
  assa: number;
  motp: number;
  idSwitches: number;
  fragmentations: number;
  fp: number;
  fn: number;
  mostlyTracked: number;
  mostlyLost: number;
}

/** Noise of the given norm around a unit vector, normalised again. */
function perturb(random: Random, vector: number[], norm: number): number[] {
  const noise = randomUnit(random, DIMENSION);
  return normalise(vector.map((x, k) => x + norm * noise[k]!));
}

async function sequence(seed: number): Promise<{ gt: TrackingRow[]; detections: Detection[][] }> {
  const video = await videoGenerator({ frames: FRAMES, objects: OBJECTS, seed, split: 'test' });
  const { height, width } = video.options;
  const random = mulberry32(1000 + seed);
  const looks = new Map(video.tracks.map((t) => [t.id, randomUnit(random, DIMENSION)]));
  const gt: TrackingRow[] = [];
  const detections: Detection[][] = [];
  for (let frame = 1; frame <= FRAMES; frame++) {
    const rows = video.frameAt(frame).gt;
    gt.push(...rows.map(({ frame: f, id, bbox }) => ({ frame: f, id, bbox })));
    const dets: Detection[] = [];
    for (const row of rows) {
      if (random() < 0.1 + 0.4 * (1 - row.visibility)) continue;
      const [x, y, w, h] = row.bbox;
      const bbox: [number, number, number, number] = [
        x + 0.05 * w * gaussian(random),
        y + 0.05 * h * gaussian(random),
        w * Math.exp(0.05 * gaussian(random)),
        h * Math.exp(0.05 * gaussian(random)),
      ];
      const score = Math.min(1, Math.max(0.05, 0.3 + 0.7 * row.visibility + 0.1 * gaussian(random)));
      dets.push({ bbox, score, cls: row.cls, embedding: perturb(random, looks.get(row.id)!, 0.2 + 0.8 * (1 - row.visibility)) });
    }
    for (let k = poisson(random, 0.5); k > 0; k--) {
      const size = 24 + 72 * random();
      dets.push({
        bbox: [random() * (width - size), random() * (height - size), size, size * (0.6 + 0.8 * random())],
        score: 0.1 + 0.5 * random(),
        cls: 1,
        embedding: randomUnit(random, DIMENSION),
      });
    }
    detections.push(dets);
  }
  return { gt, detections };
}

const TRACKERS: Array<{ name: string; make: () => Tracker }> = [
  { name: 'Sort (maxAge 1, minHits 3, IoU 0.3)', make: () => new Sort() },
  { name: 'ByteTrack (paper: 0.5 / 0.1 / 0.6, buffer 30)', make: () => new ByteTrack() },
  { name: 'ByteTrack (Ultralytics: 0.25 / 0.1 / 0.25, buffer 30)', make: () => new ByteTrack(ULTRALYTICS_BYTETRACK) },
  { name: 'DeepSort (maxAge 30, nInit 3, cosine 0.2, budget 100)', make: () => new DeepSort() },
  { name: 'DeepSort, gated on position only', make: () => new DeepSort({ gatingOnlyPosition: true }) },
];

export async function runStandIn(onStep?: () => void): Promise<{ setup: StandInSetup; results: StandInResult[] }> {
  const sequences: Array<{ gt: TrackingRow[]; detections: Detection[][] }> = [];
  for (let s = 1; s <= SEQUENCES; s++) sequences.push(await sequence(s));
  // Frames and ids offset per sequence, so the ten are scored as one.
  const frameOffset = (s: number) => s * (FRAMES + 10);
  const gt = sequences.flatMap((q, s) => q.gt.map((r) => ({ frame: r.frame + frameOffset(s), id: r.id + 1000 * s, bbox: r.bbox })));
  const detectionCount = sequences.reduce((n, q) => n + q.detections.reduce((m, d) => m + d.length, 0), 0);
  const results: StandInResult[] = [];
  for (const { name, make } of TRACKERS) {
    const tracker = make();
    const hyp: TrackingRow[] = [];
    sequences.forEach((q, s) => {
      tracker.reset();
      q.detections.forEach((dets, f) => {
        for (const t of tracker.update(dets)) hyp.push({ frame: f + 1 + frameOffset(s), id: t.id + 100_000 * s, bbox: t.bbox });
      });
    });
    const r = evaluateTracking(gt, hyp);
    results.push({
      tracker: name,
      mota: r.mota,
      idf1: r.idf1,
      hota: r.hota,
      deta: r.deta,
      assa: r.assa,
      motp: r.motp,
      idSwitches: r.idSwitches,
      fragmentations: r.fragmentations,
      fp: r.fp,
      fn: r.fn,
      mostlyTracked: r.mostlyTracked,
      mostlyLost: r.mostlyLost,
    });
    onStep?.();
  }
  const setup: StandInSetup = {
    sequences: SEQUENCES,
    frames: FRAMES,
    objects: OBJECTS,
    split: 'test',
    seeds: `1..${SEQUENCES}`,
    groundTruthRows: gt.length,
    detections: detectionCount,
    embeddingDimension: DIMENSION,
  };
  return { setup, results };
}
