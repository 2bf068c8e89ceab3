// Appearance for DeepSORT: L2-normalised embeddings, and each confirmed track's gallery of recent
// ones, matched by the smallest cosine distance to any of them (deep_sort's nn_matching with the
// "cosine" metric and a budget).
import type { BoxXywh } from './boxes.js';

/**
 * Computes one embedding per box of a frame: the interface DeepSort calls for detections that come
 * without one. `CnnEmbedder` (`@foveajs/track/embedder`) implements it over any tfjs model.
 */
export interface Embedder<TImage = unknown> {
  embed(image: TImage, boxes: readonly BoxXywh[]): ArrayLike<number>[];
}

/** A unit-length Float32Array copy of `vector`; `name` is used in errors. */
export function normalizeEmbedding(vector: ArrayLike<number>, name: string): Float32Array {
  if (vector === null || typeof vector !== 'object' || typeof vector.length !== 'number' || vector.length === 0) {
    throw new TypeError(`${name} must be a non-empty array of numbers, got ${String(vector)}`);
  }
  let sum = 0;
  for (let k = 0; k < vector.length; k++) {
    const x = vector[k]!;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new TypeError(`${name}[${k}] is ${String(x)}; expected a finite number`);
    sum += x * x;
  }
  if (sum === 0) throw new RangeError(`${name} is all zeros; an embedding needs a direction`);
  const scale = 1 / Math.sqrt(sum);
  const out = new Float32Array(vector.length);
  for (let k = 0; k < vector.length; k++) out[k] = vector[k]! * scale;
  return out;
}

/** 1 − a·b for unit vectors. */
export function cosineDistance(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let k = 0; k < a.length; k++) dot += a[k]! * b[k]!;
  return 1 - dot;
}

/** One track's samples: a ring of `capacity` rows of `dimension` floats, in one array. */
interface SampleRing {
  data: Float32Array;
  count: number;
  next: number;
}

/**
 * Per track id, its last `budget` embeddings (all of them with budget null), kept in one
 * contiguous array per track so that the nearest-sample search streams through memory.
 */
export class AppearanceGallery {
  private readonly samples = new Map<number, SampleRing>();

  constructor(readonly budget: number | null) {}

  add(id: number, embedding: Float32Array): void {
    const dimension = embedding.length;
    let ring = this.samples.get(id);
    if (ring === undefined) {
      ring = { data: new Float32Array((this.budget ?? 16) * dimension), count: 0, next: 0 };
      this.samples.set(id, ring);
    }
    let capacity = ring.data.length / dimension;
    if (this.budget === null && ring.count === capacity) {
      const grown = new Float32Array(2 * capacity * dimension);
      grown.set(ring.data);
      ring.data = grown;
      ring.next = ring.count;
      capacity *= 2;
    }
    ring.data.set(embedding, ring.next * dimension);
    ring.next = (ring.next + 1) % capacity;
    ring.count = Math.min(ring.count + 1, capacity);
  }

  /** Keep the galleries of these ids only. */
  retain(ids: ReadonlySet<number>): void {
    for (const id of [...this.samples.keys()]) if (!ids.has(id)) this.samples.delete(id);
  }

  /** The smallest cosine distance between `embedding` and the track's samples (Infinity without any). */
  nearestDistance(id: number, embedding: Float32Array): number {
    return this.search(id, embedding, Number.NEGATIVE_INFINITY);
  }

  /**
   * Whether any sample lies within `limit` (cosine distance): the distance of the first such sample
   * met, newest first, or the nearest distance (> limit) when none does. Enough to decide a match
   * that has no rival, at a fraction of the work.
   */
  distanceWithin(id: number, embedding: Float32Array, limit: number): number {
    return this.search(id, embedding, limit);
  }

  private search(id: number, embedding: Float32Array, limit: number): number {
    const ring = this.samples.get(id);
    if (ring === undefined || ring.count === 0) return Number.POSITIVE_INFINITY;
    const { data, count } = ring;
    const n = embedding.length;
    const capacity = data.length / n;
    const tail = n - (n % 4);
    let best = Number.NEGATIVE_INFINITY;
    // Newest first: the latest look is the likeliest to be close.
    for (let s = 0; s < count; s++) {
      const base = ((ring.next - 1 - s + capacity) % capacity) * n;
      // Four partial sums: independent additions the CPU can overlap.
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      let k = 0;
      for (; k < tail; k += 4) {
        d0 += data[base + k]! * embedding[k]!;
        d1 += data[base + k + 1]! * embedding[k + 1]!;
        d2 += data[base + k + 2]! * embedding[k + 2]!;
        d3 += data[base + k + 3]! * embedding[k + 3]!;
      }
      for (; k < n; k++) d0 += data[base + k]! * embedding[k]!;
      const dot = d0 + d1 + (d2 + d3);
      if (dot > best) {
        best = dot;
        if (1 - best <= limit) break;
      }
    }
    return 1 - best;
  }

  size(id: number): number {
    return this.samples.get(id)?.count ?? 0;
  }

  clear(): void {
    this.samples.clear();
  }
}
