// The trackers on @foveajs/datasets' synthetic videos, with the ground truth itself, perturbed, as
// the detections: a stand-in for the shipped detector, which comes later. 10 sequences (seeds 1–10,
// split 'test') of 300 frames with 8 objects each (320 × 320; objects cross, occlude each other,
// leave and come back). Per ground-truth box, seeded:
//   - missed with probability 0.1 + 0.4 · (1 − visibility) (occluded objects are missed more);
//   - position noise N(0, 0.05 · size) on x and y, size noise × exp(N(0, 0.05));
//   - score clamp(0.3 + 0.7 · visibility + N(0, 0.1), 0.05, 1), so partly hidden objects score low;
//   - a 128-D embedding standing in for a re-ID network: the object's own random unit vector plus
//     noise of norm 0.2 + 0.8 · (1 − visibility), normalised;
// plus Poisson(0.5) false positives a frame (random boxes 24–96 px, score U(0.1, 0.6), random
// embedding). The sequences are scored together (frames and ids offset per sequence: the same as
// py-motmetrics' and TrackEval's combined scores) with evaluateTracking at IoU 0.5.
// Writes benchmarks/results/track_stand_in.{json,md}. Run from packages/track after `npm run build`
// (needs Debian's dataset-fashion-mnist, as the videos do): node scripts/stand_in.mjs
import { writeFileSync } from 'node:fs';
import { videoGenerator } from '@foveajs/datasets';
import { ByteTrack, DeepSort, evaluateTracking, Sort, ULTRALYTICS_BYTETRACK } from '../dist/index.js';

const SEQUENCES = 10;
const FRAMES = 300;
const OBJECTS = 8;
const DIMENSION = 128;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random) {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function normalise(v) {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function randomUnit(random) {
  return normalise(Array.from({ length: DIMENSION }, () => gaussian(random)));
}

/** Noise of the given norm around a unit vector, normalised again. */
function perturb(random, vector, norm) {
  const noise = randomUnit(random);
  return normalise(vector.map((x, k) => x + norm * noise[k]));
}

function poisson(random, mean) {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = random();
  while (u > s) {
    k++;
    p *= mean / k;
    s += p;
  }
  return k;
}

async function sequence(seed) {
  const video = await videoGenerator({ frames: FRAMES, objects: OBJECTS, seed, split: 'test' });
  const { height, width } = video.options;
  const random = mulberry32(1000 + seed);
  const looks = new Map(video.tracks.map((t) => [t.id, randomUnit(random)]));
  const gt = [];
  const detections = [];
  for (let frame = 1; frame <= FRAMES; frame++) {
    const rows = video.frameAt(frame).gt;
    gt.push(...rows.map(({ frame: f, id, bbox }) => ({ frame: f, id, bbox })));
    const dets = [];
    for (const row of rows) {
      if (random() < 0.1 + 0.4 * (1 - row.visibility)) continue;
      const [x, y, w, h] = row.bbox;
      const box = [x + 0.05 * w * gaussian(random), y + 0.05 * h * gaussian(random), w * Math.exp(0.05 * gaussian(random)), h * Math.exp(0.05 * gaussian(random))];
      const score = Math.min(1, Math.max(0.05, 0.3 + 0.7 * row.visibility + 0.1 * gaussian(random)));
      dets.push({ bbox: box, score, cls: row.cls, embedding: perturb(random, looks.get(row.id), 0.2 + 0.8 * (1 - row.visibility)) });
    }
    for (let k = poisson(random, 0.5); k > 0; k--) {
      const size = 24 + 72 * random();
      dets.push({ bbox: [random() * (width - size), random() * (height - size), size, size * (0.6 + 0.8 * random())], score: 0.1 + 0.5 * random(), cls: 1, embedding: randomUnit(random) });
    }
    detections.push(dets);
  }
  return { gt, detections };
}

const trackers = [
  { name: 'Sort (maxAge 1, minHits 3, IoU 0.3)', make: () => new Sort() },
  { name: 'ByteTrack (paper: 0.5 / 0.1 / 0.6, buffer 30)', make: () => new ByteTrack() },
  { name: 'ByteTrack (Ultralytics: 0.25 / 0.1 / 0.25, buffer 30)', make: () => new ByteTrack(ULTRALYTICS_BYTETRACK) },
  { name: 'DeepSort (maxAge 30, nInit 3, cosine 0.2, budget 100)', make: () => new DeepSort() },
  { name: 'DeepSort, gated on position only', make: () => new DeepSort({ gatingOnlyPosition: true }) },
];

const started = performance.now();
const sequences = [];
for (let s = 1; s <= SEQUENCES; s++) {
  sequences.push(await sequence(s));
  process.stdout.write(`sequence ${s}/${SEQUENCES}\r`);
}
// Frames and ids offset per sequence, so the ten are scored as one.
const frameOffset = (s) => s * (FRAMES + 10);
const gt = sequences.flatMap((q, s) => q.gt.map((r) => ({ frame: r.frame + frameOffset(s), id: r.id + 1000 * s, bbox: r.bbox })));
const detectionCount = sequences.reduce((n, q) => n + q.detections.reduce((m, d) => m + d.length, 0), 0);

const results = [];
for (const { name, make } of trackers) {
  const tracker = make();
  const hyp = [];
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
    idSwitches: r.idSwitches,
    fragmentations: r.fragmentations,
    fp: r.fp,
    fn: r.fn,
    motp: r.motp,
    mostlyTracked: r.mostlyTracked,
    mostlyLost: r.mostlyLost,
  });
  console.log(`${name}: MOTA ${r.mota.toFixed(3)} IDF1 ${r.idf1.toFixed(3)} HOTA ${r.hota.toFixed(3)} IDsw ${r.idSwitches}`);
}

const command = 'node scripts/stand_in.mjs';
const date = new Date().toISOString();
const setup = { sequences: SEQUENCES, frames: FRAMES, objects: OBJECTS, split: 'test', seeds: '1..10', groundTruthRows: gt.length, detections: detectionCount, embeddingDimension: DIMENSION };
writeFileSync(new URL('../../../benchmarks/results/track_stand_in.json', import.meta.url), `${JSON.stringify({ suite: 'track-stand-in', command, date, setup, results }, null, 2)}\n`);
const pct = (x) => (100 * x).toFixed(1);
const lines = [
  '## Trackers on synthetic videos, noisy ground truth as detections (a stand-in for the detector)',
  '',
  `Measured ${date} with \`${command}\` in packages/track (${((performance.now() - started) / 1000).toFixed(0)} s).`,
  '',
  `${SEQUENCES} \`videoGenerator\` sequences (seeds 1–10, split 'test', ${FRAMES} frames, ${OBJECTS} objects, 320 × 320; ${gt.length} ground-truth boxes). Detections are the ground truth, perturbed: missed with probability 0.1 + 0.4 · (1 − visibility), box noise 5 % of the size, score 0.3 + 0.7 · visibility ± 0.1, Poisson(0.5) false positives a frame (${detectionCount} detections in all); DeepSort gets a 128-D stand-in embedding per detection (the object's own unit vector plus noise of norm 0.2 + 0.8 · (1 − visibility)). Scored together by \`evaluateTracking\` (py-motmetrics' CLEAR MOT and IDF1 at IoU 0.5, TrackEval's HOTA). Not a detector's output: the run with the shipped detector replaces this table when it exists.`,
  '',
  '| Tracker | MOTA | IDF1 | HOTA | DetA | AssA | ID switches | Frag | FP | FN |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map(
    (r) => `| ${r.tracker} | ${pct(r.mota)} | ${pct(r.idf1)} | ${pct(r.hota)} | ${pct(r.deta)} | ${pct(r.assa)} | ${r.idSwitches} | ${r.fragmentations} | ${r.fp} | ${r.fn} |`,
  ),
  '',
];
writeFileSync(new URL('../../../benchmarks/results/track_stand_in.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
