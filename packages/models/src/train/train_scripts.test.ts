// Smoke test of the training scripts (scripts/*.mjs, run against the built package): a couple of
// batches on fovea-wasm with real data, the result line, and saved weights that load back.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fovea-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(packageDir, 'scripts', name), '--epochs', '1', '--max-batches', '2', '--quiet', ...args], {
    cwd: packageDir,
    timeout: 240_000,
  });
  return stdout;
}

describe('training scripts (smoke)', () => {
  it('LeNet-5 on MNIST trains a few batches and saves weights', async () => {
    const out = await script('train_lenet5_mnist.mjs', ['--save', join(dir, 'lenet5/model.json')]);
    expect(out).toMatch(/^backend fovea-wasm, \d+ thread\(s\)$/m);
    expect(out).toMatch(/epoch 1: loss \d+\.\d+ acc .*ms\/example, 128 examples\)/);
    expect(out).toMatch(/RESULT lenet5-mnist backend=fovea-wasm epochs=1 held-out accuracy \d+\.\d+% \(128 digits\)/);
    expect(existsSync(join(dir, 'lenet5/weights.bin'))).toBe(true);
  });

  it.skipIf(!existsSync('/usr/share/datasets/fashion-mnist') && !process.env['CI'])('the Fashion-MNIST CNN trains a few batches', async () => {
    const out = await script('train_fashion_mnist.mjs', ['--batch-size', '32']);
    expect(out).toMatch(/Fashion-MNIST: 60000 training images, 10000 test images/);
    expect(out).toMatch(/RESULT fashion-mnist backend=fovea-wasm epochs=1 test accuracy \d+\.\d+% \(64 official test images\)/);
  });
});
