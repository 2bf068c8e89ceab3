// `fovea track`: a video's frames through a detector and a tracker. The frames come from a folder
// (image files in name order) or from @foveajs/datasets' generated video, which has ground truth.
// Each frame is drawn with its tracks' boxes, ids and trails, kept as a PNG and (every few frames,
// scaled down) in an animated GIF preview; the tracks go to a MOTChallenge results file.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { encodePng, tf } from '@foveajs/core';
import { resizeBilinear, type TrackGroundTruth, videoGenerator } from '@foveajs/datasets';
import { classColour, type DetectionResult, drawDetections } from '@foveajs/detect';
import { ByteTrack, DeepSort, type Detection, Sort, type Track, type Tracker } from '@foveajs/track';
import type { CnnEmbedder } from '@foveajs/track/embedder';
import gifenc from 'gifenc';
import { imagesInDirectory, readImageFile } from './images.js';

export const TRACKER_NAMES = ['sort', 'bytetrack', 'deepsort'] as const;
export type TrackerName = (typeof TRACKER_NAMES)[number];

/** One frame: RGB pixels [height, width, 3] and, for a generated video, its ground truth. */
export interface Frame {
  pixels: Uint8ClampedArray;
  groundTruth?: TrackGroundTruth[];
}

/** A sequence of same-sized frames, read one at a time (a long video never sits in memory whole). */
export interface FrameSource {
  /** The sequence's name in seqinfo.ini. */
  name: string;
  length: number;
  height: number;
  width: number;
  /** The frames' file extension, for seqinfo.ini. */
  imageExtension: string;
  hasGroundTruth: boolean;
  /** Frame `frame`, 1-based. */
  read(frame: number): Promise<Frame>;
}

/** The image files of `dir` (name order, digit runs as numbers), all of one size; errors name the file. */
export async function folderFrames(dir: string): Promise<FrameSource> {
  const stats = await stat(dir).catch(() => undefined);
  if (stats === undefined) throw new Error(`${dir}: no such folder`);
  if (!stats.isDirectory()) throw new Error(`${dir}: expected a folder of frames (image files in name order), got a file`);
  const files = await imagesInDirectory(dir);
  if (files.length === 0) throw new Error(`${dir}: the folder holds no PNG or JPEG frames`);
  const first = await readImageFile(files[0]!);
  const [height, width] = first.shape;
  first.dispose();
  return {
    name: basename(dir.replace(/[/\\]+$/, '')) || 'frames',
    length: files.length,
    height,
    width,
    imageExtension: extname(files[0]!).toLowerCase(),
    hasGroundTruth: false,
    async read(frame) {
      const file = files[frame - 1]!;
      const image = await readImageFile(file);
      try {
        if (image.shape[0] !== height || image.shape[1] !== width) {
          throw new Error(`${file}: the frame is ${image.shape[1]}×${image.shape[0]}, the first frame ${width}×${height}; a video's frames share one size`);
        }
        return { pixels: new Uint8ClampedArray(await image.data()) };
      } finally {
        image.dispose();
      }
    },
  };
}

/** Most frames of a generated video (videoGenerator's own limit). */
export const MAX_SYNTHETIC_FRAMES = 10_000;

/** A generated clip of `frames` frames from held-out images (split 'test'), with its ground truth. */
export async function syntheticFrames(frames: number, seed: number): Promise<FrameSource> {
  const video = await videoGenerator({ frames, seed, split: 'test' });
  const { height, width } = video.options;
  return {
    name: `synthetic-${seed}`,
    length: frames,
    height,
    width,
    imageExtension: '.png',
    hasGroundTruth: true,
    async read(frame) {
      const { image, gt } = video.frameAt(frame);
      return { pixels: image, groundTruth: gt };
    },
  };
}

export interface TrackerSettings {
  tracker: TrackerName;
  /** Frames a track is kept without a match; undefined: the tracker's own default. */
  maxAge?: number;
  /** DeepSort's appearance model. */
  embedder?: CnnEmbedder;
}

export function createTracker({ tracker, maxAge, embedder }: TrackerSettings): Tracker {
  switch (tracker) {
    case 'sort':
      return new Sort(maxAge === undefined ? {} : { maxAge });
    case 'bytetrack':
      return new ByteTrack(maxAge === undefined ? {} : { trackBuffer: maxAge });
    case 'deepsort':
      if (embedder === undefined) throw new Error('--tracker deepsort needs --reid <model>: DeepSort matches by appearance, and Fovea ships no trained re-ID network');
      return new DeepSort({ embedder, ...(maxAge === undefined ? {} : { maxAge }) });
  }
}

/** A detector's boxes as tracker detections ([x, y, w, h]); boxes clipped to nothing are left out. */
export function trackerDetections(result: DetectionResult): Detection[] {
  const { xyxy, conf, cls, length } = result.boxes;
  const detections: Detection[] = [];
  for (let i = 0; i < length; i++) {
    const [x1, y1, x2, y2] = [xyxy[4 * i]!, xyxy[4 * i + 1]!, xyxy[4 * i + 2]!, xyxy[4 * i + 3]!];
    // A box squeezed to zero height at the image border has no aspect ratio for the Kalman filter.
    if (!(y2 > y1) || !(x2 >= x1)) continue;
    detections.push({ bbox: [x1, y1, x2 - x1, y2 - y1], score: conf[i]!, cls: cls[i]! });
  }
  return detections;
}

/** How many frames of centres a trail shows. */
export const TRAIL_FRAMES = 30;

/** Each track's recent centres, for drawing trails. */
export class Trails {
  private readonly points = new Map<number, Array<[number, number, number]>>();

  /** Add this frame's tracks and forget centres older than TRAIL_FRAMES frames. */
  add(frame: number, tracks: readonly Track[]): void {
    for (const track of tracks) {
      const [x, y, w, h] = track.bbox;
      const trail = this.points.get(track.id) ?? [];
      trail.push([frame, x + w / 2, y + h / 2]);
      this.points.set(track.id, trail);
    }
    for (const [id, trail] of this.points) {
      while (trail.length > 0 && trail[0]![0] <= frame - TRAIL_FRAMES) trail.shift();
      if (trail.length === 0) this.points.delete(id);
    }
  }

  of(id: number): ReadonlyArray<readonly [number, number, number]> {
    return this.points.get(id) ?? [];
  }
}

/** A square brush of `thickness` pixels at each point of the segment from (x0, y0) to (x1, y1). */
function drawSegment(pixels: Uint8ClampedArray, height: number, width: number, x0: number, y0: number, x1: number, y1: number, colour: readonly number[], thickness: number): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  const half = Math.floor(thickness / 2);
  for (let s = 0; s <= steps; s++) {
    const cx = Math.round(x0 + ((x1 - x0) * s) / steps);
    const cy = Math.round(y0 + ((y1 - y0) * s) / steps);
    for (let y = Math.max(0, cy - half); y < Math.min(height, cy - half + thickness); y++) {
      for (let x = Math.max(0, cx - half); x < Math.min(width, cx - half + thickness); x++) {
        pixels.set(colour, (y * width + x) * 3);
      }
    }
  }
}

/** The frame with each track's trail, box and "#id class" tag drawn, in the track's colour. */
export function drawTracks(frame: Uint8ClampedArray, height: number, width: number, tracks: readonly Track[], trails: Trails, names: readonly string[]): Uint8ClampedArray {
  const pixels = frame.slice();
  const thickness = Math.max(height, width) >= 640 ? 3 : 2;
  for (const track of tracks) {
    const trail = trails.of(track.id);
    for (let k = 1; k < trail.length; k++) {
      drawSegment(pixels, height, width, trail[k - 1]![1], trail[k - 1]![2], trail[k]![1], trail[k]![2], classColour(track.id), thickness);
    }
  }
  drawDetections(
    pixels,
    height,
    width,
    tracks.map((track) => ({ box: track.toLtrb(), colour: classColour(track.id), label: `#${track.id} ${names[track.cls] ?? track.cls}` })),
  );
  return pixels;
}

export async function framePng(pixels: Uint8ClampedArray, height: number, width: number): Promise<Uint8Array> {
  const image = tf.tensor3d(Int32Array.from(pixels), [height, width, 3], 'int32');
  try {
    return await encodePng(image);
  } finally {
    image.dispose();
  }
}

/** The preview's bounds: it shows at most this many frames, at most this many pixels on a side. */
export const PREVIEW_MAX_FRAMES = 120;
export const PREVIEW_MAX_SIDE = 320;

/**
 * An animated GIF of every `stride`-th frame (so at most PREVIEW_MAX_FRAMES), scaled to fit
 * PREVIEW_MAX_SIDE, playing at the video's speed; each frame gets its own 256-colour palette.
 */
export class GifPreview {
  readonly stride: number;
  readonly height: number;
  readonly width: number;
  private readonly encoder = gifenc.GIFEncoder();
  private readonly delay: number;
  private written = 0;

  constructor(
    frames: number,
    private readonly sourceHeight: number,
    private readonly sourceWidth: number,
    fps: number,
  ) {
    this.stride = Math.ceil(frames / PREVIEW_MAX_FRAMES);
    const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(sourceHeight, sourceWidth));
    this.height = Math.max(1, Math.round(sourceHeight * scale));
    this.width = Math.max(1, Math.round(sourceWidth * scale));
    this.delay = Math.round((this.stride * 1000) / fps);
  }

  /** Offer frame `frame` (1-based); the preview keeps it when it falls on the stride. */
  add(frame: number, pixels: Uint8ClampedArray): void {
    if ((frame - 1) % this.stride !== 0) return;
    const scaled =
      this.height === this.sourceHeight && this.width === this.sourceWidth
        ? pixels
        : resizeBilinear(pixels, [this.sourceHeight, this.sourceWidth, 3], [this.height, this.width]);
    const rgba = new Uint8ClampedArray(this.height * this.width * 4);
    for (let p = 0, q = 0; p < scaled.length; p += 3, q += 4) {
      rgba[q] = scaled[p]!;
      rgba[q + 1] = scaled[p + 1]!;
      rgba[q + 2] = scaled[p + 2]!;
      rgba[q + 3] = 255;
    }
    // rgb444 bins colours coarser than the default rgb565 and quantizes about 9× faster: fine for a preview.
    const palette = gifenc.quantize(rgba, 256, { format: 'rgb444' });
    this.encoder.writeFrame(gifenc.applyPalette(rgba, palette, 'rgb444'), this.width, this.height, { palette, delay: this.delay });
    this.written++;
  }

  get frames(): number {
    return this.written;
  }

  bytes(): Uint8Array {
    this.encoder.finish();
    return this.encoder.bytes();
  }
}
