import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { availableBackends, BackendUnavailableError, getBackend, setBackend } from './backends.js';

const swiftShaderConfigured = process.env.VK_ICD_FILENAMES !== undefined;

describe('backend selection', () => {
  it('switches between cpu, fovea-wasm and tfjs-wasm with the same results', async () => {
    const results: Record<string, number[]> = {};
    for (const name of ['cpu', 'fovea-wasm', 'tfjs-wasm'] as const) {
      expect(await setBackend(name)).toBe(name);
      expect(getBackend()).toBe(name);
      const y = tf.tidy(() => tf.relu(tf.matMul(tf.tensor2d([1, -2, 3, -4], [2, 2]), tf.tensor2d([5, 6, -7, 8], [2, 2]))));
      results[name] = Array.from(await y.data());
      y.dispose();
    }
    expect(results['fovea-wasm']).toEqual(results.cpu);
    expect(results['tfjs-wasm']).toEqual(results.cpu);
  });

  it("fails on 'tensorflow' here with what is missing and how to install it", async () => {
    const before = getBackend();
    const attempt = setBackend('tensorflow');
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(setBackend('tensorflow')).rejects.toThrow(/@tensorflow\/tfjs-node-gpu.*npm install|Install `@tensorflow\/tfjs-node-gpu/s);
    // A failed switch leaves the active backend alone.
    expect(getBackend()).toBe(before);
  });

  it('rejects unknown backend names, naming the value and the choices', async () => {
    await expect(setBackend('cuda' as 'cpu')).rejects.toThrow(/unknown backend 'cuda'.*fovea-wasm, tfjs-wasm, cpu, webgpu, tensorflow/);
  });

  it('reports each backend truthfully', async () => {
    const statuses = await availableBackends();
    const byName = Object.fromEntries(statuses.map((s) => [s.name, s]));
    expect(byName.cpu?.available).toBe(true);
    expect(byName['fovea-wasm']?.available).toBe(true);
    expect(byName['tfjs-wasm']?.available).toBe(true);
    expect(byName.tensorflow?.available).toBe(false);
    expect(byName.tensorflow?.reason).toMatch(/@tensorflow\/tfjs-node-gpu/);
    expect(byName.tensorflow?.install).toMatch(/npm install|Install/);
    if (swiftShaderConfigured || process.env.CI) {
      // CI installs chromium's SwiftShader Vulkan driver: WebGPU must be there, as a software adapter.
      expect(byName.webgpu?.available, byName.webgpu?.reason).toBe(true);
      expect(byName.webgpu?.software).toBe(true);
    } else {
      expect(typeof byName.webgpu?.available).toBe('boolean');
    }
  });

  it.runIf(swiftShaderConfigured || process.env.CI)('switches away from webgpu while large GPU tensors are alive (Node cannot read them synchronously)', async () => {
    // Switching to cpu or fovea-wasm and then using a large webgpu tensor threw "OffscreenCanvas is
    // not defined": moving it reads it synchronously, which tfjs-backend-webgpu does through an
    // OffscreenCanvas. setBackend now reads GPU tensors back first; a bare dataSync() says what to do.
    for (const next of ['cpu', 'fovea-wasm'] as const) {
      expect(await setBackend('webgpu')).toBe('webgpu');
      const big = tf.tidy(() => tf.add(tf.randomNormal([600, 600], 0, 1, 'float32', 5), 1));
      const expected = Array.from(await big.data()).slice(0, 4);
      const fresh = tf.tidy(() => tf.mul(big, 2));
      expect(() => fresh.dataSync()).toThrow(/cannot read a GPU tensor synchronously in Node .*await tensor\.data\(\)/);
      expect(await setBackend(next)).toBe(next);
      const sum = tf.tidy(() => tf.sum(tf.sub(fresh, tf.mul(big, 2))));
      expect(Math.abs(sum.dataSync()[0]!)).toBeLessThan(1e-2);
      expect(Array.from(big.dataSync().slice(0, 4))).toEqual(expected);
      tf.dispose([big, fresh, sum]);
    }
  });

  it("'auto' skips a software GPU and picks fovea-wasm on this machine", async () => {
    expect(await setBackend('auto')).toBe('fovea-wasm');
    expect(tf.getBackend()).toBe('fovea-wasm');
  });
});
