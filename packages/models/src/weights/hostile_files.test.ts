// Model files crafted to break the loaders (issue #22): HDF5 datasets whose values live elsewhere.
// Every load fails with an error naming the file (and the dataset), and leaves no tensor or
// variable behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadWeightsInto, ModelFileError, saveModel, WeightsError } from '../index.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-hostile-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PYTHON = '/usr/bin/python3';
const hasH5py =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import h5py'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
if (!hasH5py && process.env['CI']) throw new Error("CI needs Debian's python3-h5py for the HDF5 storage tests (apt-get install python3-h5py)");

/** A Dense model with recognisable weights. */
function denseModel(): tfl.LayersModel {
  const model = tfl.sequential({ name: 'tiny', layers: [tfl.layers.dense({ inputShape: [4], units: 3, name: 'dense' })] });
  tf.tidy(() => model.setWeights([tf.tensor2d(Array.from({ length: 12 }, (_, i) => i + 1), [4, 3]), tf.tensor1d([0.5, -0.5, 2])]));
  return model;
}

function engineState() {
  return { tensors: tf.memory().numTensors, variables: Object.keys(tf.engine().registeredVariables).length };
}

/** `load` fails with a Fovea error matching `pattern` and naming `path`, leaving nothing behind. */
async function expectRefused(load: () => Promise<unknown>, path: string, pattern: RegExp): Promise<Error> {
  const before = engineState();
  const error = await load().then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, 'the load should have failed').toBeInstanceOf(Error);
  expect(error instanceof ModelFileError || error instanceof WeightsError, String(error)).toBe(true);
  expect(error!.message).toContain(path);
  expect(error!.message).toMatch(pattern);
  expect(engineState(), 'tensors or variables left behind').toEqual(before);
  return error!;
}

// Rewrites one dataset of an HDF5 file (Keras's legacy layout: dense/dense/kernel:0) with h5py:
// external storage (its values in another file), a virtual dataset, an lzf filter, an external link.
const H5PY_REWRITE = `
import h5py, sys, numpy as np
path, mode, dataset, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
with h5py.File(path, 'r+') as f:
    values = f[dataset][()]
    del f[dataset]
    if mode == 'external':
        with open(extra, 'wb') as out:
            out.write(values.astype('<f4').tobytes())
        f.create_dataset(dataset, shape=values.shape, dtype='<f4', external=[(extra, 0, values.size * 4)])
    elif mode == 'external-device':
        f.create_dataset(dataset, shape=values.shape, dtype='<f4', external=[(extra, 0, values.size * 4)])
    elif mode == 'virtual':
        with h5py.File(extra, 'w') as src:
            src.create_dataset('data', data=values.astype('<f4'))
        layout = h5py.VirtualLayout(shape=values.shape, dtype='<f4')
        layout[...] = h5py.VirtualSource(extra, 'data', shape=values.shape)
        f.create_virtual_dataset(dataset, layout, fillvalue=7)
    elif mode == 'lzf':
        f.create_dataset(dataset, data=values.astype('<f4'), compression='lzf', chunks=values.shape)
    elif mode == 'gzip':
        f.create_dataset(dataset, data=values.astype('<f4'), compression='gzip', shuffle=True, fletcher32=True, chunks=values.shape)
    elif mode == 'link':
        with h5py.File(extra, 'w') as src:
            src.create_dataset('data', data=values.astype('<f4'))
        f[dataset] = h5py.ExternalLink(extra, '/data')
`;

describe.skipIf(!hasH5py)('HDF5 datasets whose values are not in the file (case 6)', () => {
  async function rewritten(mode: string, extra = ''): Promise<string> {
    const path = join(dir, `${mode}-${Math.random().toString(36).slice(2)}.h5`);
    const model = denseModel();
    await saveModel(model, path);
    model.dispose();
    await writeFile(join(dir, 'rewrite.py'), H5PY_REWRITE);
    execFileSync(PYTHON, [join(dir, 'rewrite.py'), path, mode, 'model_weights/dense/dense/kernel:0', extra]);
    return path;
  }

  it('refuses external storage (it loaded "successfully" with uninitialised values), naming the layer and weight', async () => {
    const path = await rewritten('external', join(dir, 'kernel.bin'));
    const error = await expectRefused(() => loadModel(path), path, /layer 'dense' weight 'dense\/kernel:0' keeps its values in another file .*HDF5 external storage/);
    expect((error as WeightsError).layer).toBe('dense');
    const target = denseModel();
    const weights = target.getWeights().map((w) => Array.from(w.dataSync()));
    await expectRefused(() => loadWeightsInto(target, path), path, /external storage/);
    expect(target.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weights);
    target.dispose();
    // External storage naming a device of h5wasm's file system: refused, never read.
    await expectRefused(async () => loadModel(await rewritten('external-device', '/dev/urandom')), '.h5', /another file \('\/dev\/urandom'/);
  });

  it('refuses a virtual dataset, an undecodable filter and an external link; reads gzip, shuffle and fletcher32', async () => {
    const virtualPath = await rewritten('virtual', join(dir, 'source.h5'));
    await expectRefused(() => loadModel(virtualPath), virtualPath, /weight 'dense\/kernel:0' is a virtual dataset mapped from 'data'/);
    const lzfPath = await rewritten('lzf');
    await expectRefused(() => loadModel(lzfPath), lzfPath, /weight 'dense\/kernel:0' is compressed with HDF5 filter 32000 \('lzf'\)/);
    const linkPath = await rewritten('link', join(dir, 'linked.h5'));
    await expectRefused(() => loadModel(linkPath), linkPath, /refers to another file .*an external link/);
    const gzipPath = await rewritten('gzip');
    const model = await loadModel(gzipPath);
    expect(Array.from(model.getWeights()[0]!.dataSync())).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    model.dispose();
  });

  it('prints no HDF5-DIAG trace for a corrupt file (our error is enough)', async () => {
    const path = join(dir, 'corrupt.h5');
    const model = denseModel();
    await saveModel(model, path);
    model.dispose();
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, 900));
    const script = `
      import { loadModel } from '@foveajs/models';
      await loadModel(${JSON.stringify(path)}).catch((error) => console.log(error.name));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8' });
    expect(run.stdout.trim()).toBe('WeightsError');
    const stderr = run.stderr;
    expect(stderr).not.toMatch(/HDF5-DIAG/);
  });
});
