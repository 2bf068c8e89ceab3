// Model files crafted to break the loaders (issue #22): HDF5 datasets whose values live elsewhere,
// shards that never end or lead out of the model's folder, zip bombs, malformed manifests. Every
// load fails with an error naming the file (and the dataset, entry or shard), quickly, and leaves
// no tensor or variable behind; nothing hangs and nothing is inflated past its ceiling.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadWeightsInto, ModelFileError, saveModel, WeightsError } from '../index.js';
import { hasH5py, PYTHON, requireH5pyUnderCI } from '../test_support.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-hostile-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

requireH5pyUnderCI('the HDF5 storage tests');

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

describe('tfjs shards and model files that are not regular files inside the model folder (case 7)', () => {
  async function tfjsModel(name: string): Promise<string> {
    const folder = join(dir, name);
    await mkdir(folder, { recursive: true });
    const model = denseModel();
    await saveModel(model, join(folder, 'model.json'));
    model.dispose();
    return join(folder, 'model.json');
  }

  it('refuses a shard that is a symlink to /dev/zero, a FIFO or a directory, at once', async () => {
    const zero = await tfjsModel('zero');
    await rm(join(dir, 'zero', 'weights.bin'));
    await symlink('/dev/zero', join(dir, 'zero', 'weights.bin'));
    // /dev/zero resolves outside the folder; a device inside it would be refused as not a regular file.
    await expectRefused(() => loadModel(zero), zero, /weight shard 'weights\.bin': it resolves to \/dev\/zero, outside the model's folder/);
    const fifo = await tfjsModel('fifo');
    await rm(join(dir, 'fifo', 'weights.bin'));
    execFileSync('mkfifo', [join(dir, 'fifo', 'weights.bin')]);
    const started = Date.now();
    await expectRefused(() => loadModel(fifo), fifo, /weight shard 'weights\.bin': it is a FIFO \(named pipe\), not a regular file/);
    expect(Date.now() - started).toBeLessThan(30_000);
    const folder = await tfjsModel('folder');
    await rm(join(dir, 'folder', 'weights.bin'));
    await mkdir(join(dir, 'folder', 'weights.bin'));
    await expectRefused(() => loadModel(folder), folder, /weight shard 'weights\.bin': it is a directory/);
    // model.json itself, and a weights file given to loadWeightsInto, as a FIFO: refused, no hang.
    execFileSync('mkfifo', [join(dir, 'fifo', 'model2.json')]);
    await expectRefused(() => loadModel(join(dir, 'fifo', 'model2.json')), 'model2.json', /FIFO/);
    const target = denseModel();
    await expectRefused(() => loadWeightsInto(target, join(dir, 'fifo', 'model2.json')), 'model2.json', /FIFO/);
    target.dispose();
  });

  it('refuses a shard symlinked to a file outside the model folder, and follows one inside it', async () => {
    const outside = await tfjsModel('outside');
    await mkdir(join(dir, 'elsewhere'), { recursive: true });
    await writeFile(join(dir, 'elsewhere', 'secret.bin'), await readFile(join(dir, 'outside', 'weights.bin')));
    await rm(join(dir, 'outside', 'weights.bin'));
    await symlink(join(dir, 'elsewhere', 'secret.bin'), join(dir, 'outside', 'weights.bin'));
    await expectRefused(() => loadModel(outside), outside, /weight shard 'weights\.bin': it resolves to .*secret\.bin, outside the model's folder/);
    const inside = await tfjsModel('inside');
    await mkdir(join(dir, 'inside', 'shards'));
    await writeFile(join(dir, 'inside', 'shards', 'real.bin'), await readFile(join(dir, 'inside', 'weights.bin')));
    await rm(join(dir, 'inside', 'weights.bin'));
    await symlink(join('shards', 'real.bin'), join(dir, 'inside', 'weights.bin'));
    const model = await loadModel(inside);
    expect(Array.from(model.getWeights()[1]!.dataSync())).toEqual([0.5, -0.5, 2]);
    model.dispose();
  });

  it('names the manifest entry of a null group, a null spec, a spec without a shape, and an int32 spec over float bytes', async () => {
    const path = await tfjsModel('manifest');
    const json = JSON.parse(await readFile(path, 'utf8'));
    const variants: Array<[string, (m: { weightsManifest: unknown[] }) => void, RegExp]> = [
      ['null group', (m) => (m.weightsManifest = [null]), /weightsManifest\[0\] is null, expected \{ paths/],
      ['null spec', (m) => ((m.weightsManifest[0] as { weights: unknown[] }).weights[0] = null), /a weightsManifest entry is not \{name, shape, dtype\}: null/],
      ['no shape', (m) => delete (m.weightsManifest[0] as { weights: Array<{ shape?: unknown }> }).weights[0]!.shape, /a weightsManifest entry is not \{name, shape, dtype\}: \{"name":"dense\/kernel"/],
      ['int32 spec', (m) => ((m.weightsManifest[0] as { weights: Array<{ dtype: string }> }).weights[0]!.dtype = 'int32'), /stores weight 'dense\/kernel' as int32, where the model's weights are float32/],
    ];
    for (const [name, change, pattern] of variants) {
      const variant = structuredClone(json);
      change(variant);
      const variantPath = join(dir, 'manifest', `${name.replace(/ /g, '_')}.json`);
      await writeFile(variantPath, JSON.stringify(variant));
      await expectRefused(() => loadModel(variantPath), variantPath, pattern);
    }
  });
});

describe('options and layouts the probe tripped on', () => {
  it("reports { match: 'bogus' } as a bad option, not as a corrupt HDF5 file", async () => {
    const path = join(dir, 'match.h5');
    const model = denseModel();
    await saveModel(model, path);
    await expect(loadWeightsInto(model, path, { match: 'bogus' as 'name' })).rejects.toThrow(/^loadWeightsInto: match: expected 'name' or 'order', got "bogus"$/);
    model.dispose();
  });

  it.skipIf(!hasH5py)("loads by order from a Keras 2 file whose weightless layers have an empty weight_names (h5py's [] and Empty)", async () => {
    const source = tfl.sequential({
      name: 'seq',
      layers: [
        tfl.layers.dense({ inputShape: [4], units: 3, name: 'first' }),
        tfl.layers.dropout({ rate: 0.1, name: 'drop' }),
        tfl.layers.activation({ activation: 'relu', name: 'act' }),
        tfl.layers.dense({ units: 2, name: 'second' }),
      ],
    });
    const path = join(dir, 'order.h5');
    await writeFile(join(dir, 'order.py'), `
import h5py, sys, json, numpy as np
spec = json.load(open(sys.argv[1]))
with h5py.File(sys.argv[2], 'w') as f:
    f.attrs['layer_names'] = np.array([l['name'].encode() for l in spec])
    for i, l in enumerate(spec):
        g = f.create_group(l['name'])
        if not l['weights']:
            if i % 2: g.attrs['weight_names'] = []
            else: g.attrs.create('weight_names', data=h5py.Empty('S10'))
            continue
        names = [l['name'] + '/' + w['name'] + ':0' for w in l['weights']]
        g.attrs['weight_names'] = np.array([n.encode() for n in names])
        for n, w in zip(names, l['weights']):
            g.create_dataset(n, data=np.array(w['values'], dtype='<f4').reshape(w['shape']))
`);
    const spec = source.layers.map((layer) => ({
      name: layer.name,
      weights: layer.weights.map((w) => ({ name: w.originalName.split('/').pop(), shape: w.shape, values: Array.from(w.read().dataSync()) })),
    }));
    await writeFile(join(dir, 'order.json'), JSON.stringify(spec));
    execFileSync(PYTHON, [join(dir, 'order.py'), join(dir, 'order.json'), path]);
    const target = tfl.sequential({
      layers: [tfl.layers.dense({ inputShape: [4], units: 3 }), tfl.layers.dropout({ rate: 0.1 }), tfl.layers.activation({ activation: 'relu' }), tfl.layers.dense({ units: 2 })],
    });
    await loadWeightsInto(target, path, { match: 'order' });
    expect(target.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(source.getWeights().map((w) => Array.from(w.dataSync())));
    tf.dispose([source, target] as never);
  });
});

describe('.keras zip bombs (case 8)', () => {
  async function kerasFile(): Promise<{ path: string; entries: Record<string, Uint8Array> }> {
    const path = join(dir, `model-${Math.random().toString(36).slice(2)}.keras`);
    const model = denseModel();
    await saveModel(model, path);
    model.dispose();
    return { path, entries: unzipSync(await readFile(path)) };
  }

  it('stops inflating model.weights.h5 at the ceiling its config gives, before it is all in memory', async () => {
    // A real weights file followed by 64 MiB of zeros: a 64 KB archive. It inflated in full (and,
    // HDF5 ignoring trailing bytes, loaded); the tiny model's weights can take about 5 MB.
    const { entries } = await kerasFile();
    const weights = entries['model.weights.h5']!;
    const bomb = new Uint8Array(weights.length + 64 * 2 ** 20);
    bomb.set(weights);
    const path = join(dir, 'bomb.keras');
    await writeFile(path, zipSync({ 'metadata.json': entries['metadata.json']!, 'config.json': entries['config.json']!, 'model.weights.h5': [bomb, { level: 9 }] }));
    expect((await readFile(path)).length).toBeLessThan(2 ** 20);
    const before = process.memoryUsage().arrayBuffers;
    await expectRefused(() => loadModel(path), path, /archive entry 'model\.weights\.h5' declares \d+ bytes, more than the \d+ expected for it/);
    const target = denseModel();
    await expectRefused(() => loadWeightsInto(target, path), path, /more than the \d+ expected/);
    target.dispose();
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 2 ** 20);
    // With the ceiling raised by the option, the same archive loads (HDF5 ignores trailing bytes).
    const model = await loadModel(path, { maxWeightsBytes: 2 ** 30 });
    model.dispose();
  });

  it('refuses an entry that inflates past its declared size, and weights that are not HDF5, from the first bytes', async () => {
    const { entries } = await kerasFile();
    const weights = entries['model.weights.h5']!;
    // Declare the real size in the directory, then deflate a much longer entry in its place.
    const honest = zipSync({ 'config.json': entries['config.json']!, 'model.weights.h5': [weights, { level: 9 }] });
    const longer = new Uint8Array(weights.length + 16 * 2 ** 20);
    longer.set(weights);
    const lying = zipSync({ 'config.json': entries['config.json']!, 'model.weights.h5': [longer, { level: 9 }] });
    const patched = patchDeclaredSize(lying, 'model.weights.h5', weights.length);
    const path = join(dir, 'lying.keras');
    await writeFile(path, patched);
    await expectRefused(() => loadModel(path), path, /inflates past its declared \d+ bytes|truncated or corrupt/);
    expect(honest.length).toBeGreaterThan(0);
    const notHdf5 = new Uint8Array(16 * 2 ** 20).fill(0x41);
    const garbage = join(dir, 'garbage.keras');
    await writeFile(garbage, zipSync({ 'config.json': entries['config.json']!, 'model.weights.h5': [notHdf5, { level: 9 }] }));
    await expectRefused(() => loadModel(garbage, { maxWeightsBytes: 2 ** 30 }), garbage, /model\.weights\.h5 is not an HDF5 file/);
  });
});

/** Rewrite the uncompressed size `name` declares in a zip's local header and central directory. */
function patchDeclaredSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const encoded = new TextEncoder().encode(name);
  const matches = (at: number) => encoded.every((byte, i) => out[at + i] === byte);
  for (let i = 0; i + 46 < out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x04034b50 && view.getUint16(i + 26, true) === encoded.length && matches(i + 30)) view.setUint32(i + 22, size, true);
    if (signature === 0x02014b50 && view.getUint16(i + 28, true) === encoded.length && matches(i + 46)) view.setUint32(i + 24, size, true);
  }
  return out;
}
