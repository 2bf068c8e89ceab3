// The leak check at full length: 1,000 predict calls on the shipped detector must leave
// tf.memory().numTensors where it was (the test suite runs 50 calls on a small random detector).
// Usage (from packages/detect, after `npm run build`): node scripts/leak_check.mjs [--calls 1000]
import { parseArgs } from 'node:util';
import { setBackend, tf } from '@foveajs/core';
import { loadDetector, SAMPLE_SCENE } from '../dist/index.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000' } } });
const calls = Number(values.calls);
if (!Number.isInteger(calls) || calls < 1) throw new Error(`--calls: expected a positive integer, got '${values.calls}'`);
await setBackend('fovea-wasm');
const detector = await loadDetector();
// The first call creates what stays (compiled programs, constants); count from after it.
await detector.predict(SAMPLE_SCENE);
const before = tf.memory().numTensors;
const seen = new Set();
for (let i = 0; i < calls; i++) {
  await detector.predict(SAMPLE_SCENE);
  seen.add(tf.memory().numTensors);
}
const after = tf.memory().numTensors;
console.log(`${calls} predict calls: numTensors ${before} before, ${after} after; values seen between calls: ${[...seen].join(', ')}`);
detector.dispose();
if (after !== before || seen.size !== 1) process.exit(1);
