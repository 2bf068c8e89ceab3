// Scripted scenes for the tracker tests (not part of the package): objects on straight lines with
// chosen gaps, their detections per frame, and which track each object was reported under.
import { type BoxXywh, boxIou } from './boxes.js';
import type { Detection, Track, Tracker } from './tracker.js';

export interface ScriptedObject {
  id: number;
  /** First and last frame the object exists (inclusive). */
  from: number;
  to: number;
  /** Top-left corner at frame `from`, and its velocity in pixels per frame. */
  x: number;
  y: number;
  vx: number;
  vy: number;
  w: number;
  h: number;
  /** Inclusive frame ranges without a detection (occluded, or outside the image). */
  gaps?: Array<[number, number]>;
  /** Detection score; default 0.9. */
  score?: (frame: number) => number;
}

export function boxAt(object: ScriptedObject, frame: number): BoxXywh {
  const t = frame - object.from;
  return [object.x + object.vx * t, object.y + object.vy * t, object.w, object.h];
}

export function visible(object: ScriptedObject, frame: number): boolean {
  if (frame < object.from || frame > object.to) return false;
  return !(object.gaps ?? []).some(([a, b]) => frame >= a && frame <= b);
}

/** A unit vector per object in 16-D (deterministic), nudged per frame. */
export function embeddingOf(objectId: number, frame: number, noise = 0.05): number[] {
  const v: number[] = [];
  let seed = objectId * 7919 + 17;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let k = 0; k < 16; k++) v.push(next());
  let jitter = frame * 104729 + objectId;
  for (let k = 0; k < 16; k++) {
    jitter = (jitter * 1103515245 + 12345) % 2147483648;
    v[k] = v[k]! + noise * (jitter / 2147483648 - 0.5);
  }
  return v;
}

export function detectionsAt(objects: readonly ScriptedObject[], frame: number, withEmbeddings = false): Detection[] {
  return objects
    .filter((o) => visible(o, frame))
    .map((o) => ({ bbox: boxAt(o, frame), score: o.score?.(frame) ?? 0.9, cls: 1, ...(withEmbeddings ? { embedding: embeddingOf(o.id, frame) } : {}) }));
}

export interface SceneRun {
  /** The tracks reported per frame (index 0 is frame 1). */
  reports: Track[][];
  /** Per object, the id of the track reported on it in each frame it was visible (0: none). */
  idsOf: Map<number, number[]>;
}

/** Run a tracker over frames 1..frames and attribute each reported track to the object it covers (IoU ≥ 0.5). */
export function runScene(tracker: Tracker, objects: readonly ScriptedObject[], frames: number, withEmbeddings = false): SceneRun {
  const reports: Track[][] = [];
  const idsOf = new Map<number, number[]>(objects.map((o) => [o.id, []]));
  for (let frame = 1; frame <= frames; frame++) {
    const tracks = tracker.update(detectionsAt(objects, frame, withEmbeddings));
    reports.push(tracks);
    for (const o of objects) {
      if (!visible(o, frame)) continue;
      const truth = boxAt(o, frame);
      let best: Track | undefined;
      let bestIou = 0.5;
      for (const t of tracks) {
        const iou = boxIou(t.bbox, truth);
        if (iou >= bestIou) {
          best = t;
          bestIou = iou;
        }
      }
      idsOf.get(o.id)!.push(best?.id ?? 0);
    }
  }
  return { reports, idsOf };
}

/** The distinct non-zero ids in a sequence, in order of appearance. */
export function distinctIds(ids: readonly number[]): number[] {
  return [...new Set(ids.filter((id) => id !== 0))];
}
