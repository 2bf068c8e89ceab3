// Each tracker's own cost per frame with 100 objects: detections (and, for DeepSort, 128-D
// embeddings) are made beforehand, so the time is association, Kalman filtering and bookkeeping
// only: no detector, no embedder. 100 objects move at constant velocity (0.5–5 px per frame,
// bouncing off the borders) in a 1920 × 1080 frame; each is detected with 2 px of box noise, 5 % of
// detections are missed, and 3 false positives appear per frame. Per run: the median over frames
// 51..300 (100 live tracks); reported: the median of the runs.
import { ByteTrack, DeepSort, type Detection, Sort, type Tracker } from '@foveajs/track';
import { median, mulberry32, type Random } from './random.js';

const OBJECTS = 100;
const FRAMES = 300;
const WARMUP_FRAMES = 50;
const DIMENSION = 128;

export const PER_FRAME_SETUP = {
  objects: OBJECTS,
  frames: FRAMES,
  measuredFrames: `${WARMUP_FRAMES + 1}..${FRAMES}`,
  frameSize: '1920 × 1080',
  boxNoisePx: 2,
  missRate: 0.05,
  falsePositivesPerFrame: 3,
  embeddingDimension: DIMENSION,
};

export interface PerFrameResult {
  tracker: string;
  targetMs: number;
  /** Median over runs of each run's median ms per frame. */
  medianMs: number;
  meanMs: number;
  liveTracks: number;
  /** Each run's median ms per frame. */
  runMediansMs: number[];
}

// Uniform in [-0.5, 0.5) per coordinate, then normalised: spread enough for distinct identities.
function unit(random: Random): Float32Array {
  const v = Array.from({ length: DIMENSION }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / norm);
}

function makeFrames(seed: number): Detection[][] {
  const random = mulberry32(seed);
  const objects = Array.from({ length: OBJECTS }, () => {
    const speed = 0.5 + 4.5 * random();
    const angle = 2 * Math.PI * random();
    return { x: random() * 1800, y: random() * 950, w: 20 + 60 * random(), h: 40 + 90 * random(), vx: speed * Math.cos(angle), vy: speed * Math.sin(angle), look: unit(random) };
  });
  const frames: Detection[][] = [];
  for (let f = 0; f < FRAMES; f++) {
    const detections: Detection[] = [];
    for (const o of objects) {
      o.x += o.vx;
      o.y += o.vy;
      if (o.x < 0 || o.x + o.w > 1920) o.vx = -o.vx;
      if (o.y < 0 || o.y + o.h > 1080) o.vy = -o.vy;
      if (random() < PER_FRAME_SETUP.missRate) continue;
      const noise = () => (random() - 0.5) * 2 * PER_FRAME_SETUP.boxNoisePx;
      const embedding = o.look.map((v) => v + (random() - 0.5) * 0.05);
      detections.push({ bbox: [o.x + noise(), o.y + noise(), o.w + noise(), o.h + noise()], score: 0.3 + 0.7 * random(), cls: 1, embedding });
    }
    for (let k = 0; k < PER_FRAME_SETUP.falsePositivesPerFrame; k++) {
      detections.push({ bbox: [random() * 1850, random() * 1000, 30 + 40 * random(), 50 + 60 * random()], score: 0.1 + 0.6 * random(), cls: 1, embedding: unit(random) });
    }
    frames.push(detections);
  }
  return frames;
}

function measureRun(tracker: Tracker, frames: Detection[][]): { medianMs: number; meanMs: number; liveTracks: number } {
  const times: number[] = [];
  let live = 0;
  for (let f = 0; f < frames.length; f++) {
    const start = performance.now();
    tracker.update(frames[f]!);
    const ms = performance.now() - start;
    if (f >= WARMUP_FRAMES) {
      times.push(ms);
      live += tracker.tracks.length;
    }
  }
  return { medianMs: median(times), meanMs: times.reduce((a, b) => a + b, 0) / times.length, liveTracks: live / times.length };
}

const TRACKERS: Array<{ name: string; targetMs: number; make: () => Tracker }> = [
  { name: 'Sort', targetMs: 0.5, make: () => new Sort() },
  { name: 'ByteTrack', targetMs: 0.5, make: () => new ByteTrack() },
  { name: 'DeepSort (embeddings given)', targetMs: 1, make: () => new DeepSort() },
];

/** Runs of the trackers are interleaved (Sort, ByteTrack, DeepSort, Sort, …) so load hits each alike. */
export function measurePerFrame(runs: number, onStep?: () => void): PerFrameResult[] {
  const frames = makeFrames(1);
  const measured = TRACKERS.map(() => [] as Array<ReturnType<typeof measureRun>>);
  for (let r = 0; r < runs; r++) {
    TRACKERS.forEach(({ make }, t) => {
      measured[t]!.push(measureRun(make(), frames));
    });
    onStep?.();
  }
  return TRACKERS.map(({ name, targetMs }, t) => {
    const runsOf = measured[t]!;
    return {
      tracker: name,
      targetMs,
      medianMs: median(runsOf.map((m) => m.medianMs)),
      meanMs: median(runsOf.map((m) => m.meanMs)),
      liveTracks: runsOf.reduce((a, m) => a + m.liveTracks, 0) / runsOf.length,
      runMediansMs: runsOf.map((m) => Math.round(m.medianMs * 1e4) / 1e4),
    };
  });
}
