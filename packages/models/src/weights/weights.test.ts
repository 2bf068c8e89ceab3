// Weights I/O round trips through every format, a legacy-Keras .h5 and a Keras 3 .keras written by
// h5py (not by our code), and the failure modes: wrong layer, wrong shape, truncated files,
// unsafe names, offline 'imagenet'. Models are small, with Keras layer names.
import '@tensorflow/tfjs-backend-cpu';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedDownload, cacheNameForUrl, cachePath } from './cache.js';
import { toSnakeCase } from './h5.js';
import { imagenetWeightsFile, loadWeightsInto, saveWeights, WeightsError } from './index.js';
import { hasH5py, PYTHON, requireH5pyUnderCI } from '../test_support.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-weights-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** conv → BN → ReLU → depthwise → GAP → dense, named as Keras would name them. */
function smallModel(options: { filters?: number; name?: string } = {}): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3], name: 'input_1' });
  let x = tfl.layers.conv2d({ filters: options.filters ?? 4, kernelSize: 3, padding: 'same', name: 'conv1' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'conv1_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.activation({ activation: 'relu', name: 'conv1_relu' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'dw' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'predictions' }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: options.name ?? 'small' });
  // Random values everywhere (BN statistics included), so every weight shows in the output.
  model.setWeights(model.weights.map((w, i) => tf.randomUniform(w.shape as number[], 0.1, 1, 'float32', 100 + i)));
  return model;
}

const input = () => tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 3);

async function outputs(model: tfl.LayersModel): Promise<Float32Array> {
  const x = input();
  const y = model.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return values;
}

function snapshot(model: tfl.LayersModel): Float32Array[] {
  return model.weights.map((w) => Float32Array.from(w.read().dataSync()));
}

async function expectRoundTrip(fileName: string): Promise<void> {
  const source = smallModel();
  const target = smallModel();
  target.setWeights(target.weights.map((w) => tf.zerosLike(w.read())));
  const path = join(dir, fileName);
  await saveWeights(source, path);
  const before = tf.memory().numTensors;
  await loadWeightsInto(target, path);
  expect(tf.memory().numTensors, 'tensors leaked by loadWeightsInto').toBe(before);
  expect(await outputs(target)).toEqual(await outputs(source));
  source.dispose();
  target.dispose();
}

describe('round trips', () => {
  it('legacy Keras .h5 (Keras 2 layout)', () => expectRoundTrip('small.h5'));
  it('Keras 3 .weights.h5', () => expectRoundTrip('small.weights.h5'));
  it('Keras 3 .keras archive', () => expectRoundTrip('small.keras'));
  it('tfjs model.json + shard, also readable by tfl.loadLayersModel', async () => {
    await expectRoundTrip('tfjs/model.json');
    const { fileHandler } = await import('./tfjs_format.js');
    const loaded = await tfl.loadLayersModel(fileHandler(join(dir, 'tfjs/model.json')));
    expect(loaded.layers.map((l) => l.name)).toContain('conv1_bn');
    loaded.dispose();
  });
  it('file:// URLs, and matching by order (Keras topological load) as well as by name', async () => {
    const source = smallModel();
    const target = smallModel({ name: 'renamed' });
    await saveWeights(source, join(dir, 'order.h5'));
    await loadWeightsInto(target, `file://${join(dir, 'order.h5')}`, { match: 'order' });
    expect(await outputs(target)).toEqual(await outputs(source));
    tf.dispose([source, target] as never);
  });
});

requireH5pyUnderCI('the weights compatibility tests');

// Written the way Keras writes them: legacy, h5py byte-string attributes and nested weight
// groups (keras/src/legacy/saving/legacy_h5_format.py); Keras 3, layers/<class>/vars/<i> in a zip.
const H5PY_WRITER = `
import h5py, json, sys, zipfile, io
import numpy as np
spec = json.load(open(sys.argv[1]))
layout, out = sys.argv[2], sys.argv[3]
if layout == 'legacy':
    with h5py.File(out, 'w') as f:
        f.attrs['layer_names'] = np.array([l['name'].encode('utf8') for l in spec['layers']])
        f.attrs['backend'] = b'tensorflow'
        f.attrs['keras_version'] = b'2.15.0'
        for layer in spec['layers']:
            g = f.create_group(layer['name'])
            names = [layer['name'] + '/' + w['name'] + ':0' for w in layer['weights']]
            g.attrs['weight_names'] = np.array([n.encode('utf8') for n in names])
            for n, w in zip(names, layer['weights']):
                g.create_dataset(n, data=np.array(w['values'], dtype=np.float32).reshape(w['shape']))
else:
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as f:
        f.create_group('vars')
        counts = {}
        for layer in spec['layers']:
            base = layer['snake']
            name = base if base not in counts else base + '_' + str(counts[base] + 1)
            counts[base] = counts.get(base, -1) + 1
            v = f.create_group('layers/' + name + '/vars')
            for i, w in enumerate(layer['weights']):
                v.create_dataset(str(i), data=np.array(w['values'], dtype=np.float32).reshape(w['shape']))
    config = {'class_name': 'Functional', 'config': {'name': 'small', 'layers': [{'class_name': l['class'], 'config': {'name': l['name']}} for l in spec['layers']]}}
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr('metadata.json', json.dumps({'keras_version': '3.3.3'}))
        z.writestr('config.json', json.dumps(config))
        z.writestr('model.weights.h5', buf.getvalue())
`;

describe.skipIf(!hasH5py)("files written by Debian's python3-h5py", () => {
  async function writeWithH5py(model: tfl.LayersModel, layout: 'legacy' | 'keras3', out: string): Promise<void> {
    const spec = {
      layers: model.layers.map((layer) => ({
        name: layer.name,
        class: layer.getClassName(),
        snake: toSnakeCase(layer.getClassName()),
        weights: layer.weights.map((w) => ({
          name: w.originalName.slice(w.originalName.lastIndexOf('/') + 1),
          shape: w.shape,
          values: Array.from(w.read().dataSync()),
        })),
      })),
    };
    await writeFile(join(dir, 'spec.json'), JSON.stringify(spec));
    await writeFile(join(dir, 'writer.py'), H5PY_WRITER);
    execFileSync(PYTHON, [join(dir, 'writer.py'), join(dir, 'spec.json'), layout, out]);
  }

  it('loads a legacy-Keras-layout .h5 written by h5py', async () => {
    const source = smallModel();
    const target = smallModel();
    await writeWithH5py(source, 'legacy', join(dir, 'h5py_legacy.h5'));
    await loadWeightsInto(target, join(dir, 'h5py_legacy.h5'));
    expect(await outputs(target)).toEqual(await outputs(source));
    tf.dispose([source, target] as never);
  });

  it('loads a Keras 3 .keras archive whose weights h5py wrote', async () => {
    const source = smallModel();
    const target = smallModel();
    await writeWithH5py(source, 'keras3', join(dir, 'h5py.keras'));
    await loadWeightsInto(target, join(dir, 'h5py.keras'));
    expect(await outputs(target)).toEqual(await outputs(source));
    tf.dispose([source, target] as never);
  });

  it('h5py reads our legacy .h5 back with the layout Keras expects', async () => {
    const model = smallModel();
    await saveWeights(model, join(dir, 'ours.h5'));
    const listing = execFileSync(PYTHON, [
      '-c',
      `import h5py, sys
f = h5py.File(sys.argv[1], 'r')
names = [n.decode() if isinstance(n, bytes) else n for n in f.attrs['layer_names']]
for n in names:
    g = f[n]
    for w in g.attrs.get('weight_names', []):
        w = w.decode() if isinstance(w, bytes) else w
        print(n, w, g[w].shape)`,
      join(dir, 'ours.h5'),
    ]).toString();
    expect(listing).toContain('conv1 conv1/kernel:0 (3, 3, 3, 4)');
    expect(listing).toContain('conv1_bn conv1_bn/moving_variance:0 (4,)');
    expect(listing).toContain('dw dw/depthwise_kernel:0 (3, 3, 4, 1)');
    model.dispose();
  });
});

describe('bad files', () => {
  async function expectUntouchedAfter(path: string, message: RegExp): Promise<void> {
    const model = smallModel();
    const before = snapshot(model);
    const tensors = tf.memory().numTensors;
    const error = await loadWeightsInto(model, path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WeightsError);
    expect((error as Error).message).toMatch(message);
    expect(snapshot(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  }

  it('a wrong shape names the layer and both shapes, and changes nothing', async () => {
    const wider = smallModel({ filters: 6 });
    for (const file of ['wide.h5', 'wide.keras', 'wide/model.json']) {
      await saveWeights(wider, join(dir, file));
      await expectUntouchedAfter(join(dir, file), /layer 'conv1' weight 'kernel'.*\[3,3,3,6\].*expects \[3,3,3,4\]/);
    }
    wider.dispose();
  });

  it('a file from another model names the missing layer', async () => {
    const input = tfl.input({ shape: [4] });
    const other = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 2, name: 'fc_other' }).apply(input) as tfl.SymbolicTensor });
    await saveWeights(other, join(dir, 'other.h5'));
    await expectUntouchedAfter(join(dir, 'other.h5'), /layer 'conv1' \(Conv2D\) is not in the file; its layers are: .*fc_other/);
    other.dispose();
  });

  it('truncated files give a clear error and change nothing', async () => {
    const model = smallModel();
    await saveWeights(model, join(dir, 'full.h5'));
    await saveWeights(model, join(dir, 'full.keras'));
    await saveWeights(model, join(dir, 'trunc/model.json'));
    const h5 = await readFile(join(dir, 'full.h5'));
    await writeFile(join(dir, 'truncated.h5'), h5.subarray(0, Math.floor(h5.length / 2)));
    await expectUntouchedAfter(join(dir, 'truncated.h5'), /./);
    const zip = await readFile(join(dir, 'full.keras'));
    await writeFile(join(dir, 'truncated.keras'), zip.subarray(0, Math.floor(zip.length / 2)));
    await expectUntouchedAfter(join(dir, 'truncated.keras'), /archive could not be read|no 'model.weights.h5'/);
    const shard = await readFile(join(dir, 'trunc/weights.bin'));
    await writeFile(join(dir, 'trunc/weights.bin'), shard.subarray(0, shard.length - 8));
    await expectUntouchedAfter(join(dir, 'trunc/model.json'), /hold \d+ bytes, the manifest declares \d+/);
    model.dispose();
  });

  it('rejects shard paths that leave the model folder', async () => {
    const model = smallModel();
    await saveWeights(model, join(dir, 'evil/model.json'));
    const json = JSON.parse(await readFile(join(dir, 'evil/model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../full.h5'];
    await writeFile(join(dir, 'evil/model.json'), JSON.stringify(json));
    await expectUntouchedAfter(join(dir, 'evil/model.json'), /'\.\.\/full\.h5' is not a plain relative file name/);
    model.dispose();
  });

  it('rejects something that is no weights file at all', async () => {
    await writeFile(join(dir, 'junk.h5'), 'not weights');
    await expectUntouchedAfter(join(dir, 'junk.h5'), /unrecognised weights file/);
  });
});

describe('cache and imagenet', () => {
  it('never places a cache file outside the cache directory', () => {
    for (const name of ['../evil.h5', '/etc/passwd', 'a/../../b', '..', '.hidden', 'dir/file.h5']) {
      expect(() => cachePath(dir, name)).toThrow(/not a plain file name|outside the cache directory/);
    }
    expect(cachePath(dir, 'vgg16_weights_tf_dim_ordering_tf_kernels.h5')).toBe(join(dir, 'vgg16_weights_tf_dim_ordering_tf_kernels.h5'));
    for (const url of ['https://example.org/../../etc/passwd', 'https://example.org/a/..%2F..%2Fx.h5', 'https://example.org/']) {
      const name = cacheNameForUrl(url);
      expect(cachePath(dir, name).startsWith(dir)).toBe(true);
    }
  });

  it("maps the zoo's models to Keras's official files", () => {
    expect(imagenetWeightsFile({ model: 'ResNet50', includeTop: false })).toEqual({
      url: 'https://storage.googleapis.com/tensorflow/keras-applications/resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
      fileName: 'resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5',
      md5: '4d473c1dd8becc155b73f8504c6f6626',
    });
    expect(imagenetWeightsFile({ model: 'MobileNet', includeTop: true, alpha: 0.5, rows: 160 }).fileName).toBe('mobilenet_5_0_160_tf.h5');
    expect(imagenetWeightsFile({ model: 'MobileNetV2', includeTop: false, alpha: 0.35, rows: 96 }).fileName).toBe(
      'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5',
    );
    expect(imagenetWeightsFile({ model: 'MobileNetV2', includeTop: true, alpha: 0.75, rows: 224 }).fileName).toBe(
      'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.75_224.h5',
    );
    expect(imagenetWeightsFile({ model: 'MobileNetV2', includeTop: true }).fileName).toBe('mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5');
    expect(imagenetWeightsFile({ model: 'EfficientNetB3', includeTop: true }).url).toBe('https://storage.googleapis.com/keras-applications/efficientnetb3.h5');
    expect(() => imagenetWeightsFile({ model: 'LeNet5', includeTop: true })).toThrow(/not available for LeNet5/);
  });

  it("'imagenet' offline fails with a message that says what to do, and writes nothing outside the cache", async () => {
    const model = smallModel({ name: 'vgg16' });
    const cacheDir = join(dir, 'cache');
    const error = await loadWeightsInto(model, 'imagenet', { cacheDir }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/could not download https:\/\/storage\.googleapis\.com\/tensorflow\/keras-applications\/vgg16\/vgg16_weights_tf_dim_ordering_tf_kernels\.h5/);
    expect(error?.message).toMatch(/offline/);
    expect(error?.message).toContain(join(cacheDir, 'vgg16_weights_tf_dim_ordering_tf_kernels.h5'));
    expect((await stat(cacheDir)).isDirectory()).toBe(true);
    model.dispose();
    // Keras's model names carry MobileNet's alpha and input size; without 'predictions' it is the no-top file.
    const mobile = smallModel({ name: 'mobilenet_0.50_160' });
    mobile.getLayer('predictions').name = 'logits';
    await expect(loadWeightsInto(mobile, 'imagenet', { cacheDir })).rejects.toThrow(/mobilenet\/mobilenet_5_0_160_tf_no_top\.h5/);
    mobile.dispose();
  }, 60_000);
});

describe('URLs (a loopback server)', () => {
  it('downloads once into the cache, checks the hash, and reads tfjs model.json over http', async () => {
    const source = smallModel();
    await saveWeights(source, join(dir, 'served/small.h5'));
    await saveWeights(source, join(dir, 'served/model.json'));
    const requests: string[] = [];
    const server = createServer(async (request, response) => {
      requests.push(request.url ?? '');
      const file = join(dir, 'served', (request.url ?? '').replace(/^\//, ''));
      const body = await readFile(file).catch(() => undefined);
      response.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cacheDir = join(dir, 'url-cache');
    try {
      for (let i = 0; i < 2; i++) {
        const target = smallModel();
        await loadWeightsInto(target, `${base}/small.h5`, { cacheDir });
        expect(await outputs(target)).toEqual(await outputs(source));
        target.dispose();
      }
      expect(requests.filter((url) => url === '/small.h5')).toHaveLength(1);
      const viaJson = smallModel();
      await loadWeightsInto(viaJson, `${base}/model.json`);
      expect(await outputs(viaJson)).toEqual(await outputs(source));
      viaJson.dispose();
      const progress: number[] = [];
      await expect(
        cachedDownload(`${base}/small.h5`, 'checked.h5', { cacheDir, hash: '0'.repeat(32), onProgress: (n) => progress.push(n) }),
      ).rejects.toThrow(/downloaded file has hash [0-9a-f]{32}, expected 0{32}/);
      expect(progress.length).toBeGreaterThan(0);
      await expect(cachedDownload(`${base}/missing.h5`, 'missing.h5', { cacheDir })).rejects.toThrow(/failed with HTTP 404/);
      expect((await readdir(cacheDir)).sort()).toEqual([cacheNameForUrl(`${base}/small.h5`)]);
    } finally {
      server.close();
      source.dispose();
    }
  });
});
