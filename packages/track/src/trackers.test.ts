import { describe, expect, it } from 'vitest';
import type { BoxXywh } from './boxes.js';
import { ByteTrack } from './bytetrack.js';
import { DeepSort } from './deepsort.js';
import { Sort } from './sort.js';
import { detectionsAt, distinctIds, embeddingOf, runScene, type ScriptedObject } from './test_support.js';
import type { Tracker } from './tracker.js';

const box = { w: 40, h: 80 };

// Two objects on crossing paths: A left to right, B right to left, 10 px apart vertically, so
// their boxes overlap for ~20 frames around frame 31.
const crossing: ScriptedObject[] = [
  { id: 1, from: 1, to: 60, x: 20, y: 100, vx: 4, vy: 0, ...box },
  { id: 2, from: 1, to: 60, x: 260, y: 110, vx: -4, vy: 0, ...box },
];

// A occluded for 10 frames (21–30) while B passes far away.
const occlusion: ScriptedObject[] = [
  { id: 1, from: 1, to: 60, x: 20, y: 100, vx: 2, vy: 0.5, ...box, gaps: [[21, 30]] },
  { id: 2, from: 1, to: 60, x: 400, y: 300, vx: -1, vy: 0, ...box },
];

// A leaves after frame 20 and comes back 50 frames later from the other side.
const leaving: ScriptedObject[] = [
  { id: 1, from: 1, to: 20, x: 200, y: 100, vx: 5, vy: 0, ...box },
  { id: 1, from: 71, to: 100, x: 280, y: 120, vx: -5, vy: 0, ...box },
  { id: 2, from: 1, to: 100, x: 50, y: 300, vx: 0.5, vy: 0, ...box },
];

const trackers: Array<[string, () => Tracker, boolean]> = [
  ['Sort', () => new Sort(), false],
  ['ByteTrack', () => new ByteTrack(), false],
  ['DeepSort', () => new DeepSort(), true],
];

describe.each(trackers)('%s on scripted scenes', (name, make, embeddings) => {
  it('keeps both ids through a crossing', () => {
    const { idsOf } = runScene(make(), crossing, 60, embeddings);
    const a = distinctIds(idsOf.get(1)!);
    const b = distinctIds(idsOf.get(2)!);
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).not.toBe(b[0]);
    // Reported on every frame once confirmed (DeepSort confirms at its third match).
    const firstReported = name === 'DeepSort' ? 3 : 1;
    expect(idsOf.get(1)!.slice(firstReported - 1).every((id) => id === a[0])).toBe(true);
    expect(idsOf.get(2)!.slice(firstReported - 1).every((id) => id === b[0])).toBe(true);
  });

  it(name === 'Sort' ? 'starts a new id after a 10-frame occlusion (maxAge 1)' : 'keeps the id through a 10-frame occlusion', () => {
    const tracker = make();
    const { idsOf } = runScene(tracker, occlusion, 60, embeddings);
    const ids = distinctIds(idsOf.get(1)!);
    if (name === 'Sort') {
      expect(ids).toHaveLength(2);
      // Back at frame 31, reported again at its third consecutive match after the first (frame 34).
      const afterGap = idsOf.get(1)!.slice(20); // frames 31..60
      expect(afterGap.slice(0, 3)).toEqual([0, 0, 0]);
      expect(afterGap[3]).toBe(ids[1]);
    } else {
      expect(ids).toHaveLength(1);
      // Reported again as soon as it is seen again (frame 31 is index 20: 20 visible frames before).
      expect(idsOf.get(1)![20]).toBe(ids[0]);
    }
    expect(distinctIds(idsOf.get(2)!)).toHaveLength(1);
  });

  it('drops an object that leaves and gives it a new id when it comes back later than its lifetime', () => {
    const tracker = make();
    const ids: number[] = [];
    let goneBy = 0;
    for (let frame = 1; frame <= 100; frame++) {
      const reported = tracker.update(detectionsAt(leaving, frame, embeddings));
      const onA = reported.filter((t) => (frame <= 20 ? t.bbox[0] > 150 : t.bbox[1] < 200));
      ids.push(...onA.map((t) => t.id));
      if (frame > 20 && frame <= 70) {
        // Away: it may be reported at most one frame more (DeepSort, from its prediction), and its
        // track ends within the tracker's lifetime for a lost track.
        if (frame > 21) expect(onA).toEqual([]);
        if (goneBy === 0 && !tracker.tracks.some((t) => t.bbox[1] < 200)) goneBy = frame;
      }
    }
    expect(goneBy).toBeGreaterThan(20);
    expect(goneBy).toBeLessThanOrEqual(20 + (name === 'Sort' ? 1 : 30) + 1);
    const distinct = [...new Set(ids)];
    expect(distinct).toHaveLength(2);
    expect(distinct[1]!).toBeGreaterThan(distinct[0]!);
  });

  it('reset() starts a new video: frame 1, ids from 1', () => {
    const tracker = make();
    const first = runScene(tracker, crossing, 20, embeddings);
    expect(tracker.frame).toBe(20);
    tracker.reset();
    expect(tracker.frame).toBe(0);
    expect(tracker.tracks).toEqual([]);
    const again = runScene(tracker, crossing, 20, embeddings);
    expect(again.reports.map((r) => r.map((t) => [t.id, ...t.bbox]))).toEqual(first.reports.map((r) => r.map((t) => [t.id, ...t.bbox])));
    expect(Math.min(...again.reports.flat().map((t) => t.id))).toBe(1);
  });

  it('counts skipped frames as frames without detections', () => {
    const tracker = make();
    const object: ScriptedObject[] = [{ id: 1, from: 1, to: 100, x: 20, y: 100, vx: 1, vy: 0, ...box }];
    for (let frame = 1; frame <= 5; frame++) tracker.update(detectionsAt(object, frame, embeddings), { frame });
    const before = tracker.tracks.map((t) => t.id);
    tracker.update(detectionsAt(object, 8, embeddings), { frame: 8 });
    expect(tracker.frame).toBe(8);
    const track = tracker.tracks.find((t) => t.id === before[0]);
    if (name === 'Sort') expect(track).toBeUndefined(); // two misses > maxAge 1
    else expect(track?.timeSinceUpdate).toBe(0); // found again after two empty frames
    expect(() => tracker.update([], { frame: 8 })).toThrow(/frame is 8; expected an integer > 8/);
  });

  it('reports tracks with their box, counters and both box forms', () => {
    const tracker = make();
    const object: ScriptedObject[] = [{ id: 1, from: 1, to: 10, x: 20, y: 100, vx: 0, vy: 0, ...box }];
    let reported: ReturnType<Tracker['update']> = [];
    for (let frame = 1; frame <= 5; frame++) reported = tracker.update(detectionsAt(object, frame, embeddings));
    expect(reported).toHaveLength(1);
    const [track] = reported;
    expect(track!.state).toBe('confirmed');
    expect(track!.hits).toBe(5);
    expect(track!.age).toBe(5);
    expect(track!.timeSinceUpdate).toBe(0);
    expect(track!.cls).toBe(1);
    expect(track!.score).toBe(0.9);
    for (const [k, v] of [20, 100, 40, 80].entries()) expect(track!.bbox[k]).toBeCloseTo(v, 9);
    expect(track!.toLtwh()).toEqual(track!.bbox);
    const [l, t, r, b] = track!.toLtrb();
    expect([l, t, r, b].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([20, 100, 60, 180]);
  });

  it('names bad detections and options', () => {
    const tracker = make();
    expect(() => tracker.update([{ bbox: [1, 2, -3, 4], score: 1, cls: 0 }])).toThrow(/detections\[0\]\.bbox is \[1, 2, -3, 4\]; expected width >= 0 and height > 0/);
    expect(() => tracker.update([{ bbox: [1, Number.NaN, 3, 4], score: 1, cls: 0 }])).toThrow(/detections\[0\]\.bbox\[1\] is NaN/);
    expect(() => tracker.update([{ bbox: [1, 2, 3] as unknown as BoxXywh, score: 1, cls: 0 }])).toThrow(/detections\[0\]\.bbox must be \[x, y, width, height\]/);
  });
});

describe('Sort', () => {
  it('reports a track from its fourth frame after the first minHits frames (hit streak 3)', () => {
    const objects: ScriptedObject[] = [
      { id: 1, from: 1, to: 30, x: 20, y: 100, vx: 1, vy: 0, ...box },
      { id: 2, from: 10, to: 30, x: 300, y: 100, vx: -1, vy: 0, ...box },
    ];
    const { idsOf } = runScene(new Sort(), objects, 30);
    // Object 1 is reported from frame 1 (the first minHits frames report everything matched).
    expect(idsOf.get(1)![0]).toBe(1);
    // Object 2 starts at frame 10; matched at 11, 12, 13: reported from frame 13.
    expect(idsOf.get(2)!.slice(0, 4)).toEqual([0, 0, 0, 2]);
  });

  it('checks its options', () => {
    expect(() => new Sort({ maxAge: -1 })).toThrow(/maxAge is -1; expected an integer >= 0 \(frames\)/);
    expect(() => new Sort({ iouThreshold: 2 })).toThrow(/iouThreshold is 2; expected a number in \[0, 1\]/);
  });
});

describe('ByteTrack', () => {
  it('keeps a track through low-score detections, which never start one', () => {
    const objects: ScriptedObject[] = [
      // Its score drops to 0.3 for frames 11–20 (partly occluded, say).
      { id: 1, from: 1, to: 40, x: 20, y: 100, vx: 2, vy: 0, ...box, score: (f) => (f >= 11 && f <= 20 ? 0.3 : 0.9) },
      // Always 0.3: never a track. Always 0.55: above trackHighThresh, below newTrackThresh.
      { id: 2, from: 1, to: 40, x: 300, y: 100, vx: 0, vy: 0, ...box, score: () => 0.3 },
      { id: 3, from: 1, to: 40, x: 500, y: 100, vx: 0, vy: 0, ...box, score: () => 0.55 },
    ];
    const { idsOf } = runScene(new ByteTrack(), objects, 40);
    const ids = idsOf.get(1)!;
    expect(distinctIds(ids)).toEqual([1]);
    expect(ids.every((id) => id === 1)).toBe(true);
    expect(distinctIds(idsOf.get(2)!)).toEqual([]);
    expect(distinctIds(idsOf.get(3)!)).toEqual([]);
  });

  it('reports a track started after frame 1 from its second match, and drops one seen once', () => {
    const tracker = new ByteTrack();
    const a: ScriptedObject[] = [{ id: 1, from: 1, to: 10, x: 20, y: 100, vx: 0, vy: 0, ...box }];
    expect(tracker.update([])).toEqual([]);
    expect(tracker.update(detectionsAt(a, 2))).toEqual([]);
    expect(tracker.tracks.map((t) => t.state)).toEqual(['tentative']);
    expect(tracker.update(detectionsAt(a, 3)).map((t) => t.id)).toEqual([1]);
    // A one-frame detection elsewhere: tentative, then removed when unmatched.
    tracker.update([...detectionsAt(a, 4), { bbox: [400, 400, 40, 80], score: 0.9, cls: 2 }]);
    expect(tracker.tracks.map((t) => t.state)).toEqual(['confirmed', 'tentative']);
    tracker.update(detectionsAt(a, 5));
    expect(tracker.tracks.map((t) => t.id)).toEqual([1]);
  });

  it('marks a missed track lost and forgets it after trackBuffer frames', () => {
    const tracker = new ByteTrack({ trackBuffer: 5 });
    const a: ScriptedObject[] = [{ id: 1, from: 1, to: 3, x: 20, y: 100, vx: 0, vy: 0, ...box }];
    for (let f = 1; f <= 3; f++) tracker.update(detectionsAt(a, f));
    tracker.update([]);
    expect(tracker.tracks.map((t) => [t.state, t.timeSinceUpdate])).toEqual([['lost', 1]]);
    for (let f = 5; f <= 8; f++) tracker.update([]);
    expect(tracker.tracks.map((t) => t.timeSinceUpdate)).toEqual([5]);
    tracker.update([]);
    expect(tracker.tracks).toEqual([]);
  });

  it('checks its options', () => {
    expect(() => new ByteTrack({ trackLowThresh: 0.6, trackHighThresh: 0.5 })).toThrow(/trackLowThresh \(0\.6\) must not exceed trackHighThresh \(0\.5\)/);
    expect(() => new ByteTrack({ trackBuffer: 1.5 })).toThrow(/trackBuffer is 1\.5; expected an integer >= 0 \(frames\)/);
  });
});

describe('DeepSort', () => {
  it('needs embeddings, from the detections or an embedder given the image', () => {
    const a: ScriptedObject[] = [{ id: 1, from: 1, to: 10, x: 20, y: 100, vx: 0, vy: 0, ...box }];
    expect(() => new DeepSort().update(detectionsAt(a, 1))).toThrow(/detections\[0\] has no embedding/);
    const calls: Array<{ image: unknown; boxes: BoxXywh[] }> = [];
    const embedder = {
      embed(image: unknown, boxes: readonly BoxXywh[]) {
        calls.push({ image, boxes: [...boxes] });
        return boxes.map((_, k) => embeddingOf(k + 1, 0));
      },
    };
    const tracker = new DeepSort({ embedder });
    expect(() => tracker.update(detectionsAt(a, 1))).toThrow(/no image was given/);
    const given = { ...detectionsAt(a, 1, true)[0]!, bbox: [200, 100, 40, 80] as BoxXywh };
    tracker.update([...detectionsAt(a, 1), given], { image: 'frame 1' });
    // Only the detection without an embedding goes to the embedder.
    expect(calls).toEqual([{ image: 'frame 1', boxes: [[20, 100, 40, 80]] }]);
    expect(() => tracker.update([{ ...given, embedding: [1, 2] }], { image: 'frame 2' })).toThrow(/has 2 values; expected 16/);
  });

  it('confirms after nInit matches, deletes a tentative track at its first miss, reports one frame of prediction', () => {
    const tracker = new DeepSort();
    const a: ScriptedObject[] = [{ id: 1, from: 1, to: 10, x: 20, y: 100, vx: 1, vy: 0, ...box }];
    expect(tracker.update(detectionsAt(a, 1, true))).toEqual([]);
    expect(tracker.update(detectionsAt(a, 2, true))).toEqual([]);
    expect(tracker.update(detectionsAt(a, 3, true)).map((t) => [t.id, t.state])).toEqual([[1, 'confirmed']]);
    // A one-frame detection: tentative, deleted when missed.
    tracker.update([...detectionsAt(a, 4, true), { bbox: [400, 400, 40, 80], score: 0.9, cls: 2, embedding: embeddingOf(9, 4) }]);
    expect(tracker.tracks.map((t) => t.state)).toEqual(['confirmed', 'tentative']);
    // Frame 5 without detections: the confirmed track is still reported (lost, predicted).
    expect(tracker.update([]).map((t) => [t.id, t.state, t.timeSinceUpdate])).toEqual([[1, 'lost', 1]]);
    expect(tracker.tracks.map((t) => t.id)).toEqual([1]);
    expect(tracker.update([])).toEqual([]);
  });

  it('matches by appearance first: swapped embeddings swap the ids when both pairs are inside the gate', () => {
    // Two objects standing 10 px apart (well inside each other's gate). At frame 10 they exchange
    // appearances: the cascade follows appearance, so each track takes the other position's
    // detection (its class tells which), where IoU alone would have kept them in place.
    const run = (swap: boolean, tracker: DeepSort | Sort) => {
      let reported = tracker.update([]);
      for (let f = 1; f <= 10; f++) {
        const [a, b] = swap && f === 10 ? [2, 1] : [1, 2];
        reported = tracker.update([
          { bbox: [100, 100, 40, 80], score: 0.9, cls: 1, embedding: embeddingOf(a, f) },
          { bbox: [110, 100, 40, 80], score: 0.9, cls: 2, embedding: embeddingOf(b, f) },
        ]);
      }
      return reported.map((t) => [t.id, t.cls]).sort((p, q) => p[0]! - q[0]!);
    };
    expect(run(false, new DeepSort())).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(run(true, new DeepSort())).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect(run(true, new Sort())).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('checks its options', () => {
    expect(() => new DeepSort({ nInit: 0 })).toThrow(/nInit is 0; expected an integer >= 1 \(frames\)/);
    expect(() => new DeepSort({ embedder: {} as never })).toThrow(/embedder must have an embed\(image, boxes\) method/);
    expect(new DeepSort({ nnBudget: null }).nnBudget).toBeNull();
  });
});
