import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { availableBackends, setBackend, tf } from '@foveajs/core';
import { loadModel } from '@foveajs/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The committed entry npm links as the `fovea` command (it loads dist/cli.js).
const cli = fileURLToPath(new URL('../bin/fovea.js', import.meta.url));
const samplesDir = fileURLToPath(new URL('../samples/', import.meta.url));
// Real Keras files, beside the repository (../shared/keras-real; CI has them): see PROVENANCE.md there.
const realDir = fileURLToPath(new URL('../../../../shared/keras-real/', import.meta.url));
const haveRealFiles = existsSync(`${realDir}PROVENANCE.md`);
if (!haveRealFiles && process.env.CI) throw new Error(`CI needs the real Keras files in ${realDir}`);

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

  it('classifies on every backend available here (webgpu in Node included)', async () => {
    const backends = (await availableBackends()).filter((status) => status.available).map((status) => status.name);
    expect(backends).toContain('fovea-wasm');
    if (process.env.CI) expect(backends).toContain('webgpu');
    const samples = ['digit-3-heldout6.png', 'digit-8-heldout2.png'].map((f) => samplesDir + f);
    for (const backend of backends) {
      const { stdout, stderr, code } = await fovea('classify', ...samples, '--backend', backend);
      expect(code, `${backend}: ${stderr}`).toBe(0);
      expect(stdout).toMatch(new RegExp(`2 images on ${backend} in .*; 2/2 correct`));
    }
  });

  it('goes on past a file it cannot read, reports it, and exits non-zero at the end', async () => {
    const { stdout, stderr, code } = await fovea('classify', '/nonexistent/digit.png', `${samplesDir}digit-7-heldout24.png`, fileURLToPath(import.meta.url));
    expect(code).toBe(1);
    expect(stdout).toMatch(/digit-7-heldout24\.png: 7 /);
    expect(stdout).toMatch(/1 image on fovea-wasm in .*; 1\/1 correct; 2 files could not be read/);
    expect(stderr).toMatch(/fovea: readImage: \/nonexistent\/digit\.png: it could not be opened: ENOENT/);
    expect(stderr).toMatch(/fovea: decodeImage: the bytes are not a decodable JPEG\/PNG image .*cli\.test\.ts\)/);
  });

  it('says to build first when the compiled command is missing', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'fovea-bin-'));
    await mkdir(join(copy, 'bin'));
    await copyFile(cli, join(copy, 'bin', 'fovea.js'));
    const failed = await run(process.execPath, [join(copy, 'bin', 'fovea.js'), '--help']).catch((error: { stderr: string; code: number }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stderr).toMatch(/the command is not built yet \(dist\/cli\.js is missing\); run `npm run build`/);
  });

  it('prints its version', async () => {
    const { stdout, code } = await fovea('--version');
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lists the zoo, saying whose parameter count each row shows", async () => {
    const { stdout, code } = await fovea('models');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^model\s+family\s+input\s+params\s+counted by/m);
    expect(stdout).toMatch(/^LeNet5\s+lenet\s+32\s+61,706\s+the paper\s+no$/m);
    expect(stdout).toMatch(/^ResNet50\s+resnet\s+224\s+25,636,712\s+Keras\s+yes$/m);
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
    expect(missing.stderr).toMatch(/\/nonexistent\/digit\.png: .*ENOENT/);
  });

  it('refuses whole-number options that are not whole numbers, naming the value', async () => {
    // --batch-size 2.5 became 2 and 10abc became 10 without a word; abc reported "got null".
    for (const value of ['2.5', '10abc', 'abc', '0', '0x10']) {
      const { code, stderr } = await fovea('summary', 'LeNet5', '--batch-size', value);
      expect(code, value).not.toBe(0);
      expect(stderr).toContain(`option '--batch-size <n>' argument '${value}' is invalid. expected a whole number from 1 up, got '${value}'`);
    }
    const threads = await fovea('classify', '--threads', '2.5');
    expect(threads.stderr).toContain("expected a whole number from 1 to 32, got '2.5'");
  });

  it('refuses a decompression bomb from its header, and decodes other images straight to 28×28', async () => {
    // A PNG declaring 16000×16000 (the real one is 746 KB) made classify peak at 7.9 GB.
    const { deflateSync, crc32 } = await import('node:zlib');
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(16000, 0);
    header.writeUInt32BE(16000, 4);
    header[8] = 8;
    header[9] = 2;
    const dir = await mkdtemp(join(tmpdir(), 'fovea-cli-bomb-'));
    const bomb = join(dir, 'bomb.png');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(bomb, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(4 * 48001))), chunk('IEND', Buffer.alloc(0))]));
    const started = Date.now();
    const { stdout, stderr, code } = await fovea('classify', bomb, `${samplesDir}digit-7-heldout24.png`, '--backend', 'cpu');
    expect(code).toBe(1);
    expect(stdout).toMatch(/digit-7-heldout24\.png: 7 /);
    expect(stderr).toMatch(/16000×16000 = 256000000 pixels, more than maxPixels \(33554432\).*bomb\.png/);
    expect(Date.now() - started).toBeLessThan(120_000);
    const low = await fovea('classify', `${samplesDir}digit-7-heldout24.png`, '--max-pixels', '100', '--backend', 'cpu');
    expect(low.stderr).toMatch(/28×28 = 784 pixels, more than maxPixels \(100\)/);
    await rm(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!haveRealFiles)('fovea convert', () => {
  /** The LeNet-5's probabilities for the recorded digit 5, from a converted file. */
  async function digitProbabilities(path: string): Promise<Float32Array> {
    await setBackend('cpu');
    const model = await loadModel(path);
    const pixels = JSON.parse(await readFile(`${realDir}lenet5_tensorspace_input_digit5.json`, 'utf8')) as number[];
    const x = tf.tensor(pixels, [1, 28, 28]);
    const ys = model.predict(x) as tf.Tensor | tf.Tensor[];
    const y = Array.isArray(ys) ? ys[ys.length - 1]! : ys;
    const values = (await y.data()) as Float32Array;
    tf.dispose([x, ys] as never);
    (model as tfl.LayersModel).dispose();
    return values;
  }

  it('converts a Keras 2 .h5 to .keras, to tfjs and back to .h5, keeping the predictions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fovea-convert-'));
    try {
      const original = `${realDir}lenet5_tensorspace_k2.1.6.h5`;
      const steps: [string, string, RegExp][] = [
        [original, join(dir, 'lenet.keras'), /Sequential model, 9 layers, 44,426 parameters, written as a Keras 3 \.keras archive/],
        [join(dir, 'lenet.keras'), join(dir, 'tfjs', 'model.json'), /written as a tfjs Layers model\.json \+ weights\.bin/],
        [join(dir, 'tfjs', 'model.json'), join(dir, 'lenet.h5'), /written as a Keras HDF5 whole-model file/],
      ];
      for (const [input, output, report] of steps) {
        const { stdout, stderr, code } = await fovea('convert', input, output);
        expect(code, stderr).toBe(0);
        expect(stdout).toMatch(report);
      }
      const expected = await digitProbabilities(original);
      for (const [, output] of steps) expect(await digitProbabilities(output)).toEqual(expected);
      const weightsOnly = await fovea('convert', `${realDir}lenet5_tensorspace_weights_k2.2.2.h5`, join(dir, 'split.keras'), '--topology', `${realDir}lenet5_tensorspace_topology.json`);
      expect(weightsOnly.code, weightsOnly.stderr).toBe(0);
      expect(await digitProbabilities(join(dir, 'split.keras'))).toEqual(expected);
      const optimizer = await fovea('convert', original, join(dir, 'compiled.keras'), '--include-optimizer');
      expect(optimizer.stdout).toMatch(/with its optimizer state/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly: a missing input, a weights-only input without --topology, an unknown output extension', async () => {
    const missing = await fovea('convert', '/nonexistent/model.h5', '/tmp/out.keras');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/fovea: the model file cannot be read: it could not be opened: ENOENT.*\/nonexistent\/model\.h5/);
    const weightsOnly = await fovea('convert', `${realDir}lenet5_tensorspace_weights_k2.2.2.h5`, '/tmp/out.keras');
    expect(weightsOnly.code).toBe(1);
    expect(weightsOnly.stderr).toMatch(/holds weights only .*--topology|\{ topology/);
    const extension = await fovea('convert', `${realDir}lenet5_tensorspace_k2.1.6.h5`, '/tmp/out.onnx');
    expect(extension.code).toBe(1);
    expect(extension.stderr).toMatch(/cannot tell the output format of '\/tmp\/out\.onnx'/);
  });
});
