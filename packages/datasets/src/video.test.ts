// Synthetic tracking videos: reproducible, with ground truth that agrees with the rendered frames and
// tracks that persist, move continuously, cross, occlude each other, leave and come back.
import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR } from './fashion_mnist.js';
import { syntheticVideo, type TrackGroundTruth, type VideoFrame, type VideoGenerator, videoGenerator } from './video.js';

const hasFashionMnist = existsSync(FASHION_MNIST_DIR) || process.env['FOVEA_FASHION_MNIST_DIR'] !== undefined || !!process.env['CI'];

const options = { frames: 100, objects: 8, seed: 4, height: 160, width: 160, minSize: 20, maxSize: 56, maxSpeed: 4 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(!hasFashionMnist)('syntheticVideo', () => {
  let video: VideoGenerator;
  let frames: VideoFrame[];
  let byId: Map<number, Map<number, TrackGroundTruth>>;
  beforeAll(async () => {
    video = await videoGenerator(options);
    frames = [...video.frames()];
    byId = new Map();
    for (const row of frames.flatMap((frame) => frame.gt)) {
      if (!byId.has(row.id)) byId.set(row.id, new Map());
      byId.get(row.id)!.set(row.frame, row);
    }
  });

  it('is deterministic, and a shorter video is the start of a longer one', async () => {
    const again = await videoGenerator(options);
    expect(Buffer.from(again.frameAt(37).image).equals(Buffer.from(frames[36]!.image))).toBe(true);
    expect(again.frameAt(37).gt).toEqual(frames[36]!.gt);
    const shorter = await videoGenerator({ ...options, frames: 40 });
    expect(Buffer.from(shorter.frameAt(40).image).equals(Buffer.from(frames[39]!.image))).toBe(true);
    const other = await videoGenerator({ ...options, seed: 5 });
    expect(Buffer.from(other.frameAt(1).image).equals(Buffer.from(frames[0]!.image))).toBe(false);
  });

  it('has ground truth that agrees with each frame: visible boxes, classes, 1-based frames', () => {
    const { height, width } = video.options;
    for (const frame of frames) {
      const ids = frame.gt.map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const track of video.tracks) {
        const row = frame.gt.find((r) => r.id === track.id);
        let [x0, y0, x1, y1, count] = [width, height, -1, -1, 0];
        frame.idMask.forEach((id, p) => {
          if (id !== track.id) return;
          const [x, y] = [p % width, Math.floor(p / width)];
          [x0, y0, x1, y1, count] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y), count + 1];
        });
        if (count === 0) {
          expect(row).toBeUndefined(); // wholly hidden or outside: no row this frame
          continue;
        }
        expect(row).toEqual({ frame: frame.frame, id: track.id, bbox: [x0, y0, x1 - x0 + 1, y1 - y0 + 1], cls: track.categoryId, visibility: expect.any(Number) });
        expect(row!.visibility).toBeGreaterThan(0);
        expect(row!.visibility).toBeLessThanOrEqual(1);
        // The visible box lies inside where the object was placed this frame.
        const px = track.positions[2 * (frame.frame - 1)]!;
        const py = track.positions[2 * (frame.frame - 1) + 1]!;
        expect(x0).toBeGreaterThanOrEqual(Math.floor(px));
        expect(y0).toBeGreaterThanOrEqual(Math.floor(py));
        expect(x1).toBeLessThan(Math.ceil(px + track.glyph.width));
        expect(y1).toBeLessThan(Math.ceil(py + track.glyph.height));
      }
      expect(frame.frame).toBeGreaterThanOrEqual(1);
      expect(frame.mask.length).toBe(height * width);
    }
  });

  it('keeps ids and classes, moves boxes continuously, and has objects leave, enter and occlude', () => {
    const { maxSpeed, width, height } = video.options;
    let left = 0;
    let entered = 0;
    let longestOcclusion = 0;
    for (const track of video.tracks) {
      const rows = byId.get(track.id);
      if (rows === undefined) continue;
      expect(new Set([...rows.values()].map((row) => row.cls))).toEqual(new Set([track.categoryId]));
      let occludedRun = 0;
      const outside = (f: number) => {
        const [px, py] = [track.positions[2 * (f - 1)]!, track.positions[2 * (f - 1) + 1]!];
        return px + track.glyph.width <= 0 || py + track.glyph.height <= 0 || px >= width || py >= height;
      };
      for (let f = 2; f <= frames.length; f++) {
        const previous = rows.get(f - 1);
        const current = rows.get(f);
        if (previous && !current && outside(f)) left++;
        if (!previous && current && outside(f - 1)) entered++;
        // Wholly visible in both frames: the box moves by at most the speed (plus a pixel of resampling).
        if (previous?.visibility === 1 && current?.visibility === 1) {
          expect(Math.abs(current.bbox[0] - previous.bbox[0])).toBeLessThanOrEqual(maxSpeed + 1);
          expect(Math.abs(current.bbox[1] - previous.bbox[1])).toBeLessThanOrEqual(maxSpeed + 1);
        }
        // Partly hidden although wholly inside the frame: another object covers it.
        const px = track.positions[2 * (f - 1)]!;
        const py = track.positions[2 * (f - 1) + 1]!;
        const inside = px >= 0 && py >= 0 && px + track.glyph.width <= width && py + track.glyph.height <= height;
        occludedRun = inside && (current === undefined || current.visibility < 0.95) ? occludedRun + 1 : 0;
        longestOcclusion = Math.max(longestOcclusion, occludedRun);
      }
    }
    expect(left).toBeGreaterThan(0);
    expect(entered).toBeGreaterThan(0);
    expect(longestOcclusion).toBeGreaterThanOrEqual(3);
  });

  it('returns the frames as one tensor with the ground truth, validates options, leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const short = await syntheticVideo({ ...options, frames: 5 });
    expect(short.frames.shape).toEqual([5, 160, 160, 3]);
    expect(short.frames.dtype).toBe('float32');
    const third = tf.tidy(() => tf.slice(short.frames, [2, 0, 0, 0], [1, -1, -1, -1]).dataSync());
    expect(Array.from(third)).toEqual(Array.from(frames[2]!.image));
    expect(short.gt).toEqual(frames.slice(0, 5).flatMap((frame) => frame.gt));
    short.frames.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(syntheticVideo({ frames: 0 })).rejects.toThrow(/syntheticVideo: frames: expected an integer in 1\.\.10000, got 0/);
    await expect(syntheticVideo({ frames: 2, objects: 51 })).rejects.toThrow(/objects: expected an integer in 1\.\.50, got 51/);
    await expect(syntheticVideo({ frames: 2, minSpeed: 9 })).rejects.toThrow(/minSpeed \(9\) must not exceed maxSpeed \(5\)/);
    await expect(syntheticVideo({ frames: 10_000, height: 512, width: 512 })).rejects.toThrow(/frames: 10000 frames of 512 × 512 need 29\.3 GiB.*videoGenerator/);
    expect(() => video.frameAt(0)).toThrow(/frameAt: frame: expected an integer in 1\.\.100, got 0/);
  });
});
