// What a user's first lines do in a fresh Node process: ops, model building and image reading right
// after the import, with no `await tf.ready()`; thread settings made before the backend starts.
// Each case runs in its own process, since the engine's first initialisation is what is tested.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Run an ES module's source in a new Node process from this package's folder; its stdout, stderr and exit code. */
async function runScript(source: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', source], { cwd: packageDir });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('first use in Node, no await before the first op', () => {
  it('runs ops and reads an image on fovea-wasm straight after the import', async () => {
    const photo = join(packageDir, '..', 'datasets', 'assets', 'china.jpg'); // shipped by @foveajs/datasets
    const { stdout, stderr, code } = await runScript(`
      import { readImage, tf } from '@foveajs/core';
      const y = tf.conv2d(tf.ones([1, 8, 8, 3]), tf.ones([3, 3, 3, 2]), 1, 'valid');
      console.log(tf.getBackend(), y.shape.join('x'), y.dataSync()[0]);
      const image = await readImage(${JSON.stringify(photo)});
      console.log(image.shape.join('x'));
    `);
    expect(stderr).not.toMatch(/has not yet been initialized/);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['fovea-wasm 1x6x6x2 27', '427x640x3']);
  });

  it('keeps fovea-wasm the default after availableBackends() has loaded the GPU backends', async () => {
    const { stdout, stderr, code } = await runScript(`
      import { availableBackends, tf } from '@foveajs/core';
      const webgpu = (await availableBackends()).find((status) => status.name === 'webgpu');
      console.log(tf.add(1, 2).dataSync()[0], tf.getBackend(), webgpu.available);
    `);
    expect(stderr).not.toMatch(/has not yet been initialized/);
    expect(code).toBe(0);
    const [sum, backend, webgpuAvailable] = stdout.trim().split(' ');
    expect([sum, backend]).toEqual(['3', 'fovea-wasm']);
    // CI provides SwiftShader: there webgpu is loaded (registered) by the query, and must not win.
    if (process.env.CI) expect(webgpuAvailable).toBe('true');
  });

  it('lets setThreadsCount before initialisation just record the count (other backends keep working)', async () => {
    const { stdout, code, stderr } = await runScript(`
      import { setThreadsCount, tf } from '@foveajs/core';
      import { getThreadsCount } from '@foveajs/backend-wasm';
      setThreadsCount(1);
      await tf.setBackend('cpu');
      console.log(tf.randomNormal([2]).shape[0]);
      await tf.setBackend('fovea-wasm');
      console.log(getThreadsCount());
    `);
    expect(stderr).not.toMatch(/Error|not yet been initialized/);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['2', '1']);
  });

  it('refuses an impossible thread count at the call, before the backend starts', async () => {
    const { stderr, code } = await runScript(`
      import { setThreadsCount } from '@foveajs/core';
      setThreadsCount(1000);
    `);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/RangeError: setThreadsCount: got 1000, expected a whole number of threads from 1 to 32/);
  });

  it("puts the reason for a failed initialisation in setBackend's error", async () => {
    const empty = `${mkdtempSync(join(tmpdir(), 'fovea-no-wasm-'))}/`;
    const { stdout, code } = await runScript(`
      import { setBackend } from '@foveajs/core';
      import { setWasmPaths } from '@foveajs/backend-wasm';
      setWasmPaths(${JSON.stringify(empty)});
      try {
        await setBackend('fovea-wasm');
      } catch (error) {
        console.log(error.message);
        console.log(error.cause?.message);
      }
    `);
    expect(code).toBe(0);
    const [message, cause] = stdout.trim().split('\n');
    expect(message).toMatch(/backend 'fovea-wasm' is not available: the backend failed to initialise \(could not load Fovea kernels .*fovea-.*\.wasm: ENOENT/);
    expect(cause).toMatch(/^could not load Fovea kernels/);
  });

  it('refuses bad wasm paths at the call, and initialises once the paths are right after a failure', async () => {
    const empty = `${mkdtempSync(join(tmpdir(), 'fovea-no-wasm-'))}/`;
    const { stdout, stderr, code } = await runScript(`
      import { setBackend, tf } from '@foveajs/core';
      import { setWasmPaths } from '@foveajs/backend-wasm';
      for (const [path, variant] of [[{ simd: 42 }, undefined], [{ bogus: '/x.wasm' }, undefined], [7, undefined], ['/x/', 'fast']]) {
        try {
          setWasmPaths(path, variant);
          console.log('accepted');
        } catch (error) {
          console.log(error.message.split(',')[0]);
        }
      }
      setWasmPaths(${JSON.stringify(empty)});
      await setBackend('fovea-wasm').catch((error) => console.log(error.name));
      setWasmPaths(undefined);
      console.log(await setBackend('fovea-wasm'), tf.add(1, 2).dataSync()[0]);
    `);
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/TypeError/);
    expect(stdout.trim().split('\n')).toEqual([
      'setWasmPaths: wasmPath got "simd": 42',
      'setWasmPaths: wasmPath got "bogus": "/x.wasm"',
      'setWasmPaths: wasmPath got 7',
      'setWasmPaths: variant got "fast"',
      'BackendUnavailableError',
      'fovea-wasm 3',
    ]);
  });
});
