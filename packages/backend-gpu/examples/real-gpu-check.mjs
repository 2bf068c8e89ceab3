// WebGPU on whatever adapter Dawn finds (a real GPU where there is one): a small CNN on cpu and
// webgpu, outputs compared, timing and tensor leaks over 20 runs, and a 2048² matMul's throughput.
// Run from the repo root after `npm ci && npm run build`: node packages/backend-gpu/examples/real-gpu-check.mjs
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { prepareWebGPU } from '@foveajs/backend-gpu';

const status = await prepareWebGPU({ powerPreference: 'high-performance' });
console.log('prepareWebGPU:', JSON.stringify(status));
if (!status.available) process.exit(2);

function model() {
  const input = tfl.input({ shape: [64, 64, 3] });
  const init = (seed) => tfl.initializers.glorotUniform({ seed });
  let x = tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init(1) }).apply(input);
  x = tfl.layers.batchNormalization().apply(x);
  x = tfl.layers.reLU({ maxValue: 6 }).apply(x);
  x = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthwiseInitializer: init(2) }).apply(x);
  x = tfl.layers.conv2d({ filters: 64, kernelSize: 1, kernelInitializer: init(3) }).apply(x);
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x);
  x = tfl.layers.globalAveragePooling2d({}).apply(x);
  x = tfl.layers.dense({ units: 10, kernelInitializer: init(4) }).apply(x);
  return tfl.model({ inputs: input, outputs: x });
}

const inputValues = Float32Array.from({ length: 4 * 64 * 64 * 3 }, (_, i) => Math.sin(i * 0.37));
const results = {};
for (const backend of ['cpu', 'webgpu']) {
  await tf.setBackend(backend);
  const m = model();
  const x = tf.tensor4d(inputValues, [4, 64, 64, 3]);
  const y = m.predict(x);
  results[backend] = Array.from(await y.data());
  const before = tf.memory().numTensors;
  const started = performance.now();
  for (let i = 0; i < 20; i++) {
    const z = m.predict(x);
    await z.data();
    z.dispose();
  }
  const perRun = (performance.now() - started) / 20;
  console.log(`${backend}: small CNN batch 4, ${perRun.toFixed(2)} ms/inference, tensors leaked over 20 runs: ${tf.memory().numTensors - before}`);
  if (backend === 'webgpu') {
    const a = tf.randomNormal([2048, 2048]);
    const b = tf.randomNormal([2048, 2048]);
    await tf.matMul(a, b).data();
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) {
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
    }
    const ms = (performance.now() - t0) / 10;
    console.log(`webgpu matMul 2048²: ${ms.toFixed(2)} ms incl. readback = ${((2 * 2048 ** 3) / ms / 1e6).toFixed(1)} GFLOP/s`);
  }
  tf.dispose([x, y]);
  m.dispose();
}
let worst = 0;
let maxRef = 0;
results.cpu.forEach((r, i) => {
  worst = Math.max(worst, Math.abs(r - results.webgpu[i]));
  maxRef = Math.max(maxRef, Math.abs(r));
});
console.log(`max |webgpu - cpu| = ${worst.toExponential(2)} (max |cpu| ${maxRef.toFixed(3)}) -> ${worst <= 1e-3 * Math.max(1, maxRef) ? 'AGREE' : 'DIFFER'}`);
process.exit(0);
