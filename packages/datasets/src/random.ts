import { seededRandom } from '@foveajs/core';

// @foveajs/core defines the generator (layers' augmentations use it too); datasets exports it as before.
export { seededRandom };

/** Fisher-Yates shuffle of 0..n-1 driven by `random`. */
export function shuffledIndices(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}

/**
 * A 32-bit seed derived from several integers (murmur3's finaliser after each), so that e.g. scene i
 * of a seed gets a stream of its own that depends on nothing else.
 */
export function mixSeeds(...parts: number[]): number {
  let hash = 0x9e3779b9;
  for (const part of parts) {
    hash = (hash ^ (part >>> 0) ^ Math.floor(part / 4294967296)) >>> 0;
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b);
    hash ^= hash >>> 13;
    hash = Math.imul(hash, 0xc2b2ae35);
    hash ^= hash >>> 16;
    hash = (hash + 0x6d2b79f5) >>> 0;
  }
  return hash >>> 0;
}
