// Synthetic tracking videos on the scene renderer: objects that move in constant-velocity segments,
// cross and occlude each other, leave the frame and come back, over one background per video.
import * as tf from '@tensorflow/tfjs-core';
import type { CocoCategory } from './coco.js';
import { mixSeeds, seededRandom } from './random.js';
import { checkOrder, type OptionSpec, resolveOptions } from './scene_options.js';
import { finishScene, paintGlyph, rasterizeGlyph, renderBackground, type SceneBackground, type SceneGlyph, type SceneInstance } from './scene_render.js';
import { type SceneSources, type SceneSplit, sceneSources } from './scene_sources.js';
import { checkTensorBytes, contrastingColour, randomBackground, randomGlyph, randomInt, randomSize, SCENE_CATEGORIES } from './scenes.js';

export interface VideoOptions {
  /** Number of frames, 1..10,000. */
  frames: number;
  /** Number of objects (tracks), 1..50; default 8. */
  objects?: number;
  /** The video depends only on (seed, split, options); default 0. */
  seed?: number;
  split?: SceneSplit;
  /** Frame size, 16..4096; default 320 × 320. */
  height?: number;
  width?: number;
  /** Longer side of each object's silhouette box, 4..1024 px; default 24..96 (fixed per object). */
  minSize?: number;
  maxSize?: number;
  /** Speed of each constant-velocity segment, pixels per frame, 0..64; default 0.5..5. */
  minSpeed?: number;
  maxSpeed?: number;
  /** Chance that the background is a photo crop rather than textured noise; default 0.75. */
  photoProbability?: number;
  fashionMnistDir?: string;
}

export interface SyntheticVideoOptions extends VideoOptions {
  /** Called after each frame with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export type ResolvedVideoOptions = Required<Omit<VideoOptions, 'fashionMnistDir'>> & { fashionMnistDir?: string };

/** One ground-truth row, as MOTChallenge's gt.txt holds it. */
export interface TrackGroundTruth {
  /** 1-based, as MOTChallenge. */
  frame: number;
  /** 1-based track id, the same in every frame the object is visible. */
  id: number;
  /** Tight [x, y, width, height] of the object's visible pixels. */
  bbox: [number, number, number, number];
  /** Category id (1..20, as the scenes' COCO categories). */
  cls: number;
  /** Visible pixels / pixels of the whole silhouette (MOT17's visibility ratio), in (0, 1]. */
  visibility: number;
}

export interface VideoTrack {
  id: number;
  categoryId: number;
  /** The object's glyph; x and y are those of frame 1 (see `positions`). */
  glyph: SceneGlyph;
  /** frames × 2: the glyph's x, y in each frame (frame f at index 2(f − 1)). */
  positions: Float32Array;
}

export interface VideoFrame {
  frame: number;
  /** [height, width, 3] RGB 0..255. */
  image: Uint8ClampedArray;
  /** [height, width] category ids, 0 = background. */
  mask: Int32Array;
  /** [height, width] track ids, 0 = background. */
  idMask: Uint8Array;
  gt: TrackGroundTruth[];
}

export interface VideoGenerator {
  readonly options: Readonly<ResolvedVideoOptions>;
  readonly categories: readonly CocoCategory[];
  readonly background: SceneBackground;
  readonly tracks: readonly VideoTrack[];
  /** Frame `frame` (1-based) as plain typed arrays. */
  frameAt(frame: number): VideoFrame;
  /** Frames 1..frames in order. */
  frames(): Generator<VideoFrame>;
}

export interface SyntheticVideo {
  /** [frames, height, width, 3] float32 0..255; the caller disposes it. */
  frames: tf.Tensor4D;
  /** Ground truth of every frame, by frame then id. */
  gt: TrackGroundTruth[];
  tracks: readonly VideoTrack[];
  categories: readonly CocoCategory[];
}

const VIDEO_OPTION_SPECS: Record<string, OptionSpec> = {
  frames: { kind: 'integer', min: 1, max: 10_000 },
  objects: { kind: 'integer', min: 1, max: 50, fallback: 8 },
  seed: { kind: 'integer', min: 0, max: 2 ** 32 - 1, fallback: 0 },
  split: { kind: 'enum', values: ['train', 'test'], fallback: 'train' },
  height: { kind: 'integer', min: 16, max: 4096, fallback: 320 },
  width: { kind: 'integer', min: 16, max: 4096, fallback: 320 },
  minSize: { kind: 'integer', min: 4, max: 1024, fallback: 24 },
  maxSize: { kind: 'integer', min: 4, max: 1024, fallback: 96 },
  minSpeed: { kind: 'number', min: 0, max: 64, fallback: 0.5 },
  maxSpeed: { kind: 'number', min: 0, max: 64, fallback: 5 },
  photoProbability: { kind: 'number', min: 0, max: 1, fallback: 0.75 },
  fashionMnistDir: { kind: 'string' },
};

function resolveVideoOptions(caller: string, options: unknown, extra: Record<string, OptionSpec> = {}): ResolvedVideoOptions & Record<string, unknown> {
  const resolved = resolveOptions(caller, options, { ...VIDEO_OPTION_SPECS, ...extra }) as ResolvedVideoOptions & Record<string, unknown>;
  checkOrder(caller, 'minSize', resolved.minSize, 'maxSize', resolved.maxSize);
  checkOrder(caller, 'minSpeed', resolved.minSpeed, 'maxSpeed', resolved.maxSpeed);
  return resolved;
}

const VIDEO_STREAM = 3; // keeps videos' random streams apart from scenes' (1 = train, 2 = test)

interface Mover {
  cx: number;
  cy: number;
  vx: number;
  vy: number;
  remaining: number;
  random: () => number;
  halfWidth: number;
  halfHeight: number;
}

/**
 * Simulate every object's path. Each moves at constant velocity for 10–40 frames, then draws a new
 * speed and either turns by up to ±90°, heads for another object's position (so paths cross), or,
 * when it is wholly outside the frame, heads back in. 40 % of the objects start outside and enter.
 */
function simulate(movers: Mover[], frames: number, options: ResolvedVideoOptions): Float32Array[] {
  const { height, width, minSpeed, maxSpeed } = options;
  const paths = movers.map(() => new Float32Array(frames * 2));
  const setHeading = (mover: Mover, angle: number) => {
    const speed = minSpeed + (maxSpeed - minSpeed) * mover.random();
    mover.vx = speed * Math.cos(angle);
    mover.vy = speed * Math.sin(angle);
  };
  const towards = (mover: Mover, x: number, y: number) => Math.atan2(y - mover.cy, x - mover.cx);
  for (let f = 0; f < frames; f++) {
    movers.forEach((mover, k) => {
      paths[k]![2 * f] = mover.cx - mover.halfWidth;
      paths[k]![2 * f + 1] = mover.cy - mover.halfHeight;
    });
    movers.forEach((mover, k) => {
      mover.cx += mover.vx;
      mover.cy += mover.vy;
      if (--mover.remaining > 0) return;
      const random = mover.random;
      mover.remaining = randomInt(random, 10, 40);
      const outside =
        mover.cx + mover.halfWidth < 0 || mover.cx - mover.halfWidth > width || mover.cy + mover.halfHeight < 0 || mover.cy - mover.halfHeight > height;
      const choice = random();
      if (outside) {
        setHeading(mover, towards(mover, width * (0.2 + 0.6 * random()), height * (0.2 + 0.6 * random())));
      } else if (choice < 0.3 && movers.length > 1) {
        const other = movers[(k + 1 + Math.floor(random() * (movers.length - 1))) % movers.length]!;
        setHeading(mover, towards(mover, other.cx, other.cy));
      } else {
        setHeading(mover, Math.atan2(mover.vy, mover.vx) + (random() - 0.5) * Math.PI);
      }
    });
  }
  return paths;
}

function meanLuminance(image: Uint8ClampedArray): number {
  let sum = 0;
  for (let p = 0; p < image.length; p += 3) sum += 0.299 * image[p]! + 0.587 * image[p + 1]! + 0.114 * image[p + 2]!;
  return sum / (image.length / 3);
}

function makeVideo(options: ResolvedVideoOptions, sources: SceneSources): VideoGenerator {
  const { height, width, seed, frames } = options;
  const split = options.split === 'train' ? 1 : 2;
  const backgroundRandom = seededRandom(mixSeeds(seed, split, VIDEO_STREAM, 0));
  const background = randomBackground(backgroundRandom, sources, height, width, options.photoProbability);
  const backgroundImage = renderBackground(sources, background, height, width);
  const luminance = meanLuminance(backgroundImage);
  const glyphs: SceneGlyph[] = [];
  const movers: Mover[] = [];
  for (let k = 0; k < options.objects; k++) {
    const random = seededRandom(mixSeeds(seed, split, VIDEO_STREAM, k + 1));
    const categoryId = randomInt(random, 1, 20);
    const glyph = randomGlyph(random, sources, categoryId, randomSize(random, options.minSize, options.maxSize), 0, 0);
    glyph.colour = contrastingColour(random, luminance);
    const mover: Mover = { cx: 0, cy: 0, vx: 0, vy: 0, remaining: randomInt(random, 10, 40), random, halfWidth: glyph.width / 2, halfHeight: glyph.height / 2 };
    let target: [number, number];
    if (random() < 0.6) {
      mover.cx = width * (0.1 + 0.8 * random());
      mover.cy = height * (0.1 + 0.8 * random());
      const angle = 2 * Math.PI * random();
      target = [mover.cx + Math.cos(angle), mover.cy + Math.sin(angle)];
    } else {
      // Just outside one side, heading for a point inside.
      const side = randomInt(random, 0, 3);
      const along = random();
      const gap = 2 + 30 * random();
      mover.cx = side === 0 ? -mover.halfWidth - gap : side === 1 ? width + mover.halfWidth + gap : along * width;
      mover.cy = side === 2 ? -mover.halfHeight - gap : side === 3 ? height + mover.halfHeight + gap : along * height;
      target = [width * (0.2 + 0.6 * random()), height * (0.2 + 0.6 * random())];
    }
    const speed = options.minSpeed + (options.maxSpeed - options.minSpeed) * random();
    const angle = Math.atan2(target[1] - mover.cy, target[0] - mover.cx);
    mover.vx = speed * Math.cos(angle);
    mover.vy = speed * Math.sin(angle);
    glyphs.push(glyph);
    movers.push(mover);
  }
  const paths = simulate(movers, frames, options);
  const tracks: VideoTrack[] = glyphs.map((glyph, k) => ({
    id: k + 1,
    categoryId: glyph.categoryId,
    glyph: { ...glyph, x: paths[k]![0]!, y: paths[k]![1]! },
    positions: paths[k]!,
  }));

  const frameAt = (frame: number): VideoFrame => {
    if (!Number.isInteger(frame) || frame < 1 || frame > frames) throw new Error(`frameAt: frame: expected an integer in 1..${frames}, got ${frame}`);
    // Objects are painted in id order: a higher id passes in front of a lower one.
    const instances: SceneInstance[] = tracks.map((track) => ({
      categoryId: track.categoryId,
      iscrowd: 0,
      glyphs: [{ ...track.glyph, x: track.positions[2 * (frame - 1)]!, y: track.positions[2 * (frame - 1) + 1]! }],
    }));
    const image = backgroundImage.slice();
    const rasters = instances.map((instance) => instance.glyphs.map((glyph) => rasterizeGlyph(sources, glyph)));
    instances.forEach((instance, k) => {
      paintGlyph(image, height, width, rasters[k]![0]!, instance.glyphs[0]!);
    });
    const rendered = finishScene(image, height, width, instances, rasters);
    const gt: TrackGroundTruth[] = [];
    rendered.stats.forEach((stats, k) => {
      if (stats.bbox === null) return; // wholly hidden or outside the frame: no row this frame
      gt.push({ frame, id: k + 1, bbox: stats.bbox, cls: tracks[k]!.categoryId, visibility: stats.area / stats.fullArea });
    });
    return { frame, image: rendered.image, mask: rendered.categoryMask, idMask: rendered.instanceMask, gt };
  };
  return {
    options,
    categories: SCENE_CATEGORIES,
    background,
    tracks,
    frameAt,
    *frames() {
      for (let frame = 1; frame <= frames; frame++) yield frameAt(frame);
    },
  };
}

/** A video generator: renders any frame on demand, as plain typed arrays, with its ground truth. */
export async function videoGenerator(options: VideoOptions): Promise<VideoGenerator> {
  const resolved = resolveVideoOptions('videoGenerator', options);
  return makeVideo(resolved, await sceneSources(resolved.split, resolved.fashionMnistDir));
}

/**
 * A tracking video: `frames` frames as one tensor [frames, height, width, 3] float32 0..255 and the
 * ground truth `[{ frame, id, bbox, cls, visibility }]` (frames 1-based, as MOTChallenge). An object
 * wholly occluded or outside the frame has no row for that frame. Stream long videos with `videoGenerator`.
 */
export async function syntheticVideo(options: SyntheticVideoOptions): Promise<SyntheticVideo> {
  const resolved = resolveVideoOptions('syntheticVideo', options, { onProgress: { kind: 'function' } });
  checkTensorBytes('syntheticVideo', 'frames', resolved.frames, resolved.height, resolved.width, 'frames', 'stream them with videoGenerator() instead');
  const onProgress = resolved['onProgress'] as SyntheticVideoOptions['onProgress'];
  const { onProgress: _onProgress, ...videoOptions } = resolved;
  const video = makeVideo(videoOptions as ResolvedVideoOptions, await sceneSources(resolved.split, resolved.fashionMnistDir));
  const pixels = resolved.height * resolved.width * 3;
  const data = new Float32Array(resolved.frames * pixels);
  const gt: TrackGroundTruth[] = [];
  for (const frame of video.frames()) {
    data.set(frame.image, (frame.frame - 1) * pixels);
    gt.push(...frame.gt);
    onProgress?.(frame.frame, resolved.frames);
  }
  return { frames: tf.tensor4d(data, [resolved.frames, resolved.height, resolved.width, 3], 'float32'), gt, tracks: video.tracks, categories: SCENE_CATEGORIES };
}
