import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const samplesDir = fileURLToPath(new URL('../samples/', import.meta.url));

async function fovea(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { timeout: 120_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('fovea CLI', () => {
  it('classifies the held-out sample digits with the shipped LeNet-5', async () => {
    const samples = (await readdir(samplesDir)).filter((f) => f.endsWith('.png')).map((f) => samplesDir + f);
    expect(samples).toHaveLength(10);
    const { stdout, code } = await fovea('classify', ...samples, '--backend', 'fovea-wasm');
    expect(code).toBe(0);
    const summary = /(\d+)\/(\d+) correct/.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    expect(Number(summary![2])).toBe(10);
    // Digits LeNet-5 never trained on: at most one miss out of ten.
    expect(Number(summary![1])).toBeGreaterThanOrEqual(9);
    expect(stdout).toMatch(/10 images on fovea-wasm/);
  });

  it('reports backends truthfully, with the install hint for tensorflow', async () => {
    const { stdout, code } = await fovea('backends');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^fovea-wasm\s+yes/m);
    expect(stdout).toMatch(/^tensorflow\s+no\s+.*tfjs-node-gpu/m);
    expect(stdout).toMatch(/Install `@tensorflow\/tfjs-node-gpu/);
  });

  it('prints a zoo model summary with its parameter count', async () => {
    const { stdout, code } = await fovea('summary', 'LeNet5');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Params: 61,706/);
  });

  it('fails clearly on an unknown model and a missing image', async () => {
    const unknown = await fovea('summary', 'ResNet9000');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/got 'ResNet9000'/);
    const missing = await fovea('classify', '/nonexistent/digit.png');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file.*\/nonexistent\/digit\.png|ENOENT/i);
  });
});
