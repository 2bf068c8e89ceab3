// Deterministic inputs and weights: every backend and engine of a comparison sees the same values.
// A linear congruential generator (Numerical Recipes' constants) is enough here: the values only
// need to be reproducible and spread out, not statistically strong.

function lcg(size: number, seed: number, value: (state: number) => number): Float32Array {
  const out = new Float32Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = value(s);
  }
  return out;
}

/** `size` values uniform in [-scale, scale) from `seed`. */
export function seededValues(size: number, seed: number, scale = 1): Float32Array {
  return lcg(size, seed, (s) => (s / 2 ** 31 - 1) * scale);
}

/** `size` values uniform in [0, 1) from `seed` (image-like inputs). */
export function seededUnitValues(size: number, seed: number): Float32Array {
  return lcg(size, seed, (s) => s / 2 ** 32);
}
