import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BackendUnavailableError, setBackend } from '@foveajs/core';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

function installed(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

describe("setBackend names what is missing and how to install it", () => {
  it.runIf(!installed('@tensorflow/tfjs-node-gpu') && !installed('@tensorflow/tfjs-node'))("'tensorflow' without tfjs-node(-gpu)", async () => {
    const error = await setBackend('tensorflow').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const { status, message } = error as BackendUnavailableError;
    expect(status).toMatchObject({ name: 'tensorflow', available: false });
    expect(message).toContain("backend 'tensorflow' is not available");
    expect(message).toContain('@tensorflow/tfjs-node-gpu is not installed');
    expect(message).toContain('Install `@tensorflow/tfjs-node-gpu@^4.22.0`');
    expect(message).toContain('CUDA 11.2 and cuDNN 8.1');
  });

  // The Vulkan loader reads VK_ICD_FILENAMES once per process, hence the child process.
  it("'webgpu' without a usable Vulkan driver", async () => {
    const script = `
      import { setBackend } from '@foveajs/core';
      try { await setBackend('webgpu'); console.log('no error'); }
      catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageRoot,
      env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/vk_icd.json' },
    });
    const error = JSON.parse(stdout.trim().split('\n').pop()!) as { name: string; message: string };
    expect(error.name).toBe('BackendUnavailableError');
    expect(error.message).toContain("backend 'webgpu' is not available");
    expect(error.message).toContain('VK_ICD_FILENAMES names files that do not exist (/nonexistent/vk_icd.json)');
    expect(error.message).toContain('apt-get install chromium libvulkan1');
  });
});
