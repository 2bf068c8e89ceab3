/** A small seeded PRNG (mulberry32): shuffles and augmentations must be reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new Error(`seed: expected an integer, got ${seed}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
