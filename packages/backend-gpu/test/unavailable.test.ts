import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { prepareTensorflow, TENSORFLOW_REQUIREMENTS } from '../src/index.js';

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

describe('tensorflow backend', () => {
  it.runIf(!installed('@tensorflow/tfjs-node-gpu') && !installed('@tensorflow/tfjs-node'))(
    'reports both packages missing, with the CUDA/cuDNN versions and how to install',
    async () => {
      const status = await prepareTensorflow();
      expect(status.available).toBe(false);
      expect(status.reason).toContain('@tensorflow/tfjs-node-gpu is not installed');
      expect(status.reason).toContain('@tensorflow/tfjs-node is not installed');
      expect(status.install).toContain('npm');
      expect(status.install).toContain(`CUDA ${TENSORFLOW_REQUIREMENTS.cuda}`);
      expect(status.install).toContain(`cuDNN ${TENSORFLOW_REQUIREMENTS.cudnn}`);
    },
  );
});

describe('webgpu without a driver', () => {
  // The Vulkan loader reads VK_ICD_FILENAMES once per process, so this runs in a child process.
  it('names the missing driver manifest and how to install one', async () => {
    const script =
      "const { prepareWebGPU } = await import('@foveajs/backend-gpu');" +
      'process.stdout.write(JSON.stringify(await prepareWebGPU()));';
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: packageRoot,
      env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/vk_icd.json' },
    });
    const status = JSON.parse(stdout) as { available: boolean; reason: string; install: string };
    expect(status.available).toBe(false);
    expect(status.reason).toContain('/nonexistent/vk_icd.json');
    expect(status.install).toContain('libvulkan1');
    expect(status.install).toContain('VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json');
  });
});
