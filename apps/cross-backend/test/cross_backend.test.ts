import { type BackendName, setBackend, tf } from '@foveajs/core';
import { prepareWebGPU } from '@foveajs/backend-gpu';
import { afterAll, describe, expect, it } from 'vitest';
import { compareOutputs, CROSS_BACKEND_CASES, DEFAULT_TOLERANCE, runOnBackends, zooCases } from '../src/index.js';

// cpu is the reference; fovea-wasm always runs; webgpu runs where an adapter exists and CI
// (which installs SwiftShader) requires it.
const gpu = await prepareWebGPU();
if (!gpu.available) {
  const why = `${gpu.reason}. ${gpu.install ?? ''}`;
  if (process.env['CI']) throw new Error(`CI requires the webgpu backend: ${why}`);
  console.warn(`cross-backend: comparing without webgpu: ${why}`);
}
const BACKENDS: BackendName[] = gpu.available ? ['cpu', 'fovea-wasm', 'webgpu'] : ['cpu', 'fovea-wasm'];
// cpu is the reference: every case is built there first.
await setBackend('cpu');

describe(`outputs agree on ${BACKENDS.join(', ')}`, () => {
  const tensorsAtStart = tf.memory().numTensors;
  afterAll(() => {
    // Every case disposed its model, input and outputs.
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
  });

  const zoo = process.env['FOVEA_CROSS_BACKEND'] === 'zoo';
  for (const testCase of zoo ? [...CROSS_BACKEND_CASES, ...zooCases()] : CROSS_BACKEND_CASES) {
    it(testCase.name, { timeout: zoo ? 1_800_000 : 60_000 }, async () => {
      const backends = BACKENDS.filter((backend) => {
        const reason = testCase.skip?.[backend];
        if (reason) console.info(`${testCase.name}: not on ${backend} (${reason})`);
        return !reason;
      });
      const { outputs, growth } = await runOnBackends(testCase, backends);
      const reference = outputs.get('cpu')!;
      for (const backend of backends.slice(1)) {
        const { worst, mismatch } = compareOutputs(reference, outputs.get(backend)!, testCase.tolerance ?? DEFAULT_TOLERANCE);
        console.info(`${testCase.name} on ${backend}: worst error ${worst.toExponential(2)} of tolerance`);
        expect(mismatch, `${testCase.name} on ${backend}`).toBeUndefined();
      }
      for (const backend of backends) {
        expect(growth.get(backend), `memory growth over repeated inference on ${backend}`).toEqual({ tensors: 0, bytes: 0, gpuBytes: 0 });
      }
    });
  }
});
