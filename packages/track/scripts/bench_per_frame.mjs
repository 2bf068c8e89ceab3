// Each tracker's own cost per frame with 100 objects: detections (and, for DeepSort, 128-D
// embeddings) are made beforehand, so the time is association, Kalman filtering and bookkeeping
// only: no detector, no embedder. 100 objects move at constant velocity (0.5–5 px per frame,
// turning now and then) in a 1920 × 1080 frame; each is detected with 2 px of box noise, 5 % of
// detections are missed, and 3 false positives appear per frame. Median and mean over frames
// 51..300 (100 live tracks), best of 3 runs. Writes benchmarks/results/track_per_frame.{json,md}.
// Run from packages/track after `npm run build`: node scripts/bench_per_frame.mjs
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ByteTrack, DeepSort, Sort } from '../dist/index.js';

const OBJECTS = 100;
const FRAMES = 300;
const WARMUP_FRAMES = 50;
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

function unit(random, n) {
  const v = Array.from({ length: n }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / norm);
}

/** Frames of detections: 100 objects, 5 % missed, 3 false positives a frame, embeddings attached. */
function makeFrames(seed) {
  const random = mulberry32(seed);
  const objects = Array.from({ length: OBJECTS }, () => {
    const speed = 0.5 + 4.5 * random();
    const angle = 2 * Math.PI * random();
    return { x: random() * 1800, y: random() * 950, w: 20 + 60 * random(), h: 40 + 90 * random(), vx: speed * Math.cos(angle), vy: speed * Math.sin(angle), look: unit(random, DIMENSION) };
  });
  const frames = [];
  for (let f = 0; f < FRAMES; f++) {
    const detections = [];
    for (const o of objects) {
      o.x += o.vx;
      o.y += o.vy;
      if (o.x < 0 || o.x + o.w > 1920) o.vx = -o.vx;
      if (o.y < 0 || o.y + o.h > 1080) o.vy = -o.vy;
      if (random() < 0.05) continue;
      const noise = () => (random() - 0.5) * 4;
      const embedding = o.look.map((v) => v + (random() - 0.5) * 0.05);
      detections.push({ bbox: [o.x + noise(), o.y + noise(), o.w + noise(), o.h + noise()], score: 0.3 + 0.7 * random(), cls: 1, embedding });
    }
    for (let k = 0; k < 3; k++) {
      detections.push({ bbox: [random() * 1850, random() * 1000, 30 + 40 * random(), 50 + 60 * random()], score: 0.1 + 0.6 * random(), cls: 1, embedding: unit(random, DIMENSION) });
    }
    frames.push(detections);
  }
  return frames;
}

function measure(make, frames) {
  const tracker = make();
  const times = [];
  let live = 0;
  for (let f = 0; f < frames.length; f++) {
    const start = performance.now();
    tracker.update(frames[f]);
    const ms = performance.now() - start;
    if (f >= WARMUP_FRAMES) {
      times.push(ms);
      live += tracker.tracks.length;
    }
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], meanMs: times.reduce((a, b) => a + b, 0) / times.length, liveTracks: live / times.length };
}

const frames = makeFrames(1);
const trackers = [
  { name: 'Sort', target: 0.5, make: () => new Sort() },
  { name: 'ByteTrack', target: 0.5, make: () => new ByteTrack() },
  { name: 'DeepSort (embeddings given)', target: 1, make: () => new DeepSort() },
];
const results = [];
for (const { name, target, make } of trackers) {
  const runs = [0, 1, 2].map(() => measure(make, frames));
  const best = runs.reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
  results.push({ tracker: name, targetMs: target, ...best, runs });
  console.log(`${name}: median ${best.medianMs.toFixed(3)} ms/frame, mean ${best.meanMs.toFixed(3)} ms (target ≤ ${target} ms), ${best.liveTracks.toFixed(1)} live tracks`);
}

const machine = { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverage: loadavg().map((x) => Number(x.toFixed(2))) };
const command = 'node scripts/bench_per_frame.mjs';
const date = new Date().toISOString();
const setup = { objects: OBJECTS, frames: FRAMES, measuredFrames: `${WARMUP_FRAMES + 1}..${FRAMES}`, embeddingDimension: DIMENSION, missRate: 0.05, falsePositivesPerFrame: 3 };
writeFileSync(new URL('../../../benchmarks/results/track_per_frame.json', import.meta.url), `${JSON.stringify({ suite: 'track-per-frame', command, date, machine, setup, results }, null, 2)}\n`);
const lines = [
  '## Tracker cost per frame, 100 objects (no detector, no embedder)',
  '',
  `Measured ${date} with \`${command}\` in packages/track. Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}; load average ${machine.loadAverage.join(' / ')}.`,
  '',
  `100 objects at constant velocity in a 1920 × 1080 frame, each detected with 2 px box noise, 5 % missed, 3 false positives a frame; DeepSort gets ${DIMENSION}-D embeddings with the detections. Time of \`update()\` per frame over frames ${setup.measuredFrames}; best of 3 runs by median.`,
  '',
  '| Tracker | median ms / frame | mean ms / frame | target | live tracks |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.tracker} | ${r.medianMs.toFixed(3)} | ${r.meanMs.toFixed(3)} | ≤ ${r.targetMs} | ${r.liveTracks.toFixed(1)} |`),
  '',
];
writeFileSync(new URL('../../../benchmarks/results/track_per_frame.md', import.meta.url), lines.join('\n'));
