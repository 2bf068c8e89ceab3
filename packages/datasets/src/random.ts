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
