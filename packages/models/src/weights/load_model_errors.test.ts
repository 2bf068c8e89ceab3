// loadModel on files that are truncated, corrupt, mismatched or hostile: every failure names the
// file (and the layer and weight where there is one), and leaves no model, variable or tensor behind.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, ModelFileError, saveModel, WeightsError } from '../index.js';
import { hasH5py, PYTHON, real, realFilesOrSkip } from '../test_support.js';
import { createH5, writeKerasModelH5 } from './h5.js';

const skip = realFilesOrSkip();
let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-bad-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function engineState() {
  return { tensors: tf.memory().numTensors, variables: Object.keys(tf.engine().registeredVariables).length };
}

/** The load must fail with `pattern`, naming `path`; nothing may be left behind. Returns the error. */
async function expectFailure(load: () => Promise<unknown>, path: string, pattern: RegExp): Promise<ModelFileError | WeightsError> {
  const before = engineState();
  const error = await load().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the load should have failed').toBeInstanceOf(Error);
  expect(error instanceof ModelFileError || error instanceof WeightsError, String(error)).toBe(true);
  const message = (error as Error).message;
  expect(message).toContain(path);
  expect(message).toMatch(pattern);
  expect(engineState(), 'tensors or variables left behind').toEqual(before);
  return error as ModelFileError | WeightsError;
}

type LayerEntry = { class_name: string; config: Record<string, unknown> };

/** The LeNet-5 and its Keras 2.2.2 topology (a Sequential config written as the bare list of its layers). */
async function lenetConfig(): Promise<{ model: tfl.LayersModel; config: { class_name: string; config: LayerEntry[] }; layers: LayerEntry[] }> {
  const model = await loadModel(real('lenet5_tensorspace_k2.1.6.h5'));
  const config = JSON.parse(await readFile(real('lenet5_tensorspace_topology.json'), 'utf8'));
  return { model, config, layers: config.config };
}

/** A whole-model .h5 with `model`'s weights and an arbitrary model_config. */
async function writeModelFile(name: string, model: tfl.LayersModel, modelConfig: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, await createH5((file) => writeKerasModelH5(file, model, typeof modelConfig === 'string' ? modelConfig : JSON.stringify(modelConfig))));
  return path;
}

describe.skipIf(skip)('truncated and corrupt files', () => {
  it('a truncated .h5, at any point, fails naming the file', async () => {
    const bytes = await readFile(real('mobilenetv1_a025_vww96_mlperftiny_k2.4.0.h5'));
    for (const fraction of [0.01, 0.3, 0.6, 0.9, 0.999]) {
      const path = join(dir, `truncated-${fraction}.h5`);
      await writeFile(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
      await expectFailure(() => loadModel(path), path, /truncated|corrupt|could not|not an HDF5|cannot/i);
    }
  });

  it('a truncated .keras and a corrupted config.json fail naming the file', async () => {
    const bytes = await readFile(real('mnist_cnn_k3.11.3.keras'));
    const truncated = join(dir, 'truncated.keras');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectFailure(() => loadModel(truncated), truncated, /truncated or corrupt zip/);
    const entries = unzipSync(new Uint8Array(bytes));
    const corrupt = join(dir, 'corrupt-config.keras');
    const config = entries['config.json']!.slice();
    config.fill(0x7d, 100, 120);
    await writeFile(corrupt, zipSync({ ...entries, 'config.json': config }, { level: 0 }));
    await expectFailure(() => loadModel(corrupt), corrupt, /config\.json is not valid JSON/);
  });

  it('a corrupt model_config attribute fails naming the file and the attribute', async () => {
    const { model } = await lenetConfig();
    const path = await writeModelFile('bad-config.h5', model, '{"class_name": "Sequential", "config": [');
    model.dispose();
    await expectFailure(() => loadModel(path), path, /model_config attribute is not valid JSON/);
  });

  it('a tfjs model with a truncated shard, an extra byte, or a shard path leaving its folder fails', async () => {
    const folder = join(dir, 'tfjs');
    await mkdir(folder, { recursive: true });
    const json = JSON.parse(await readFile(real('lenet5_tensorspace_tfjs/model.json'), 'utf8'));
    const shard = await readFile(real('lenet5_tensorspace_tfjs/group1-shard1of1'));
    const modelJson = join(folder, 'model.json');
    await writeFile(modelJson, JSON.stringify(json));
    await writeFile(join(folder, 'group1-shard1of1'), shard.subarray(0, shard.length - 4));
    await expectFailure(() => loadModel(modelJson), modelJson, /hold \d+ bytes, the manifest declares \d+ \(truncated/);
    await writeFile(join(folder, 'group1-shard1of1'), Buffer.concat([shard, Buffer.from([0])]));
    await expectFailure(() => loadModel(modelJson), modelJson, /more than the \d+ accepted/);
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    await writeFile(modelJson, JSON.stringify(json));
    await expectFailure(() => loadModel(modelJson), modelJson, /not a plain relative file name/);
  });

  it('reads only regular files, and says what a JSON without weights is', async () => {
    await expectFailure(() => loadModel(dir), dir, /not a regular file/);
    if (existsSync('/dev/zero')) await expectFailure(() => loadModel('/dev/zero'), '/dev/zero', /not a regular file/);
    const topology = real('lenet5_tensorspace_topology.json');
    await expectFailure(() => loadModel(topology), topology, /architecture but no weights.*\{ topology \}/);
    const weightsOnly = real('lenet5_tensorspace_weights_k2.2.2.h5');
    await expectFailure(() => loadModel(weightsOnly), weightsOnly, /holds weights only.*topology/);
  });
});

describe.skipIf(skip)('files that do not fit their architecture', () => {
  it('a weight with another shape names the file, the layer and the weight, with both shapes', async () => {
    const { model, config, layers } = await lenetConfig();
    const dense = layers.find((l) => l.config['name'] === 'Dense_1')!;
    dense.config['units'] = 100;
    const path = await writeModelFile('shape.h5', model, config);
    model.dispose();
    const error = await expectFailure(() => loadModel(path), path, /layer 'Dense_1' weight 'kernel'.*\[256,120\].*\[256,100\]/);
    expect(error.layer).toBe('Dense_1');
    expect((error as WeightsError).weight).toBe('Dense_1/kernel:0');
  });

  it('a layer the file lacks, and weights the model lacks, are named', async () => {
    const { model, config, layers } = await lenetConfig();
    layers.find((l) => l.config['name'] === 'Dense_2')!.config['name'] = 'Dense_renamed';
    const path = await writeModelFile('renamed.h5', model, config);
    model.dispose();
    const error = await expectFailure(() => loadModel(path), path, /layer 'Dense_renamed' \(Dense\) is not in the file; its layers are: .*Dense_2.* \(missing weights: kernel, bias\)/);
    expect(error.layer).toBe('Dense_renamed');
    expect((error as WeightsError).weight).toBe('kernel');
    // Keras's topological load_weights: a weights-only file pairs with a renamed topology by order.
    const renamed = join(dir, 'renamed-topology.json');
    await writeFile(renamed, JSON.stringify(config));
    const loaded = await loadModel(real('lenet5_tensorspace_weights_k2.2.2.h5'), { topology: renamed });
    expect(loaded.getLayer('Dense_renamed').getWeights()).toHaveLength(2);
    loaded.dispose();
  });

  it('a config that asks for more weights than the file holds fails before allocating them', async () => {
    const { model, config, layers } = await lenetConfig();
    layers.find((l) => l.config['name'] === 'Dense_1')!.config['units'] = 1_000_000_000;
    const path = await writeModelFile('huge.h5', model, config);
    const error = await expectFailure(() => loadModel(path), path, /layer 'Dense_1' \(Dense\): its weight 'kernel' would have shape \[256,1000000000\], which is not a valid weight shape/);
    expect(error.layer).toBe('Dense_1');
    // Within the per-weight limit but past what the file holds: refused by the budget.
    layers.find((l) => l.config['name'] === 'Dense_1')!.config['units'] = 200_000;
    const big = await writeModelFile('big.h5', model, config);
    await expectFailure(() => loadModel(big), big, /layer 'Dense_1' \(Dense\): its weight 'kernel' \[256,200000\] brings the weights the config needs to \d+ values, more than the 44426 the file holds/);
    model.dispose();
  });

  it('an unknown layer class names the layer, its class and how to register it; a Lambda says it is Python code', async () => {
    const { model, config, layers } = await lenetConfig();
    layers.splice(3, 0, { class_name: 'MyBlurLayer', config: { name: 'blur', sigma: 1.5 } });
    const custom = await writeModelFile('custom.h5', model, config);
    let error = await expectFailure(() => loadModel(custom), custom, /layer 'blur' has class 'MyBlurLayer'.*tf\.serialization\.registerClass\(MyBlurLayer\)/);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as ModelFileError).className).toBe('MyBlurLayer');
    layers[3] = { class_name: 'Lambda', config: { name: 'lambda_1', function: ['4wEAAAAAAAAAAQAAAAIAAABDAAAAcwgAAAB8AGQBFABTACkCTukCAAAAqQApAdoBeHIBAAAAcgEAAAD6HjxpcHl0aG9uLWlucHV0LTItYmQ5NTQzZTA2NGJkPtoIPGxhbWJkYT4BAAAA8wAAAAA=', null, null], function_type: 'lambda' } };
    const lambda = await writeModelFile('lambda.h5', model, config);
    error = await expectFailure(() => loadModel(lambda), lambda, /layer 'lambda_1' is a Lambda layer: it holds Python code.*registerClass/);
    expect(error.layer).toBe('lambda_1');
    layers[3] = { class_name: 'Dense', config: { name: 'odd', units: 4, kernel_initializer: { class_name: 'MyInitializer', config: {} } } };
    const initializer = await writeModelFile('initializer.h5', model, config);
    await expectFailure(() => loadModel(initializer), initializer, /layer 'odd' \(Dense\): its kernel_initializer is a 'MyInitializer'/);
    model.dispose();
  });

  it('a subclassed Keras 3 model says its architecture is not in the file', async () => {
    const { model } = await lenetConfig();
    const path = await writeModelFile('subclassed.h5', model, { module: 'my_models', class_name: 'MyModel', config: {}, registered_name: 'MyModel' });
    model.dispose();
    await expectFailure(() => loadModel(path), path, /'MyModel'.*subclassed model/);
  });
});


describe.skipIf(skip || !hasH5py)('real files edited with h5py', () => {
  /** Copy a real file and run `edit` (Python, `f` is the open h5py file) on the copy. */
  async function edited(file: string, edit: string): Promise<string> {
    const path = join(dir, `edited-${Math.random().toString(36).slice(2)}-${file}`);
    await copyFile(real(file), path);
    execFileSync(PYTHON, ['-c', `import h5py, numpy as np\nf = h5py.File(${JSON.stringify(path)}, 'r+')\n${edit}\nf.close()`]);
    return path;
  }

  it('a layer group missing from model_weights', async () => {
    const path = await edited('resnet8_cifar10_mlperftiny_k2.4.0.h5', "del f['model_weights/conv2d_3']");
    const error = await expectFailure(() => loadModel(path), path, /layer 'conv2d_3' is listed in layer_names but has no group/);
    expect(error.layer).toBe('conv2d_3');
  });

  it('a weight dataset missing, replaced by one of another shape, or not floating point', async () => {
    let path = await edited('dscnn_strww_mlperftiny_k2.14.0.h5', "del f['model_weights/dense/dense/kernel:0']");
    let error = await expectFailure(() => loadModel(path), path, /layer 'dense' lists weight 'dense\/kernel:0' but the file has no such dataset/);
    expect((error as WeightsError).weight).toBe('dense/kernel:0');
    path = await edited('dscnn_strww_mlperftiny_k2.14.0.h5', "g = f['model_weights/dense/dense']\ndel g['bias:0']\ng['bias:0'] = np.zeros((4,), 'f4')");
    error = await expectFailure(() => loadModel(path), path, /layer 'dense' weight 'bias'.*\[4\].*\[3\]/);
    expect(error.layer).toBe('dense');
    path = await edited('dscnn_strww_mlperftiny_k2.14.0.h5', "g = f['model_weights/dense/dense']\ndel g['bias:0']\ng['bias:0'] = np.array([b'a', b'b', b'c'])");
    await expectFailure(() => loadModel(path), path, /layer 'dense' weight 'dense\/bias:0'.*not a floating-point dataset/);
  });

  it('weights the config does not account for', async () => {
    const path = await edited('cnn_batch_norm_dl4j_k2.1.3.h5', "g = f['model_weights']\ng.attrs['layer_names'] = list(g.attrs['layer_names']) + [b'stray']\ns = g.create_group('stray')\ns.attrs['weight_names'] = [b'stray/kernel:0']\ns['stray/kernel:0'] = np.zeros((2, 2), 'f4')");
    const error = await expectFailure(() => loadModel(path), path, /holds weights for layer 'stray' \(stray\/kernel:0\) that the model does not have/);
    expect(error.layer).toBe('stray');
  });

  it('a Keras 3 archive whose weights miss a layer', async () => {
    const bytes = new Uint8Array(await readFile(real('mnist_cnn_k3.11.3.keras')));
    const entries = unzipSync(bytes);
    const weights = join(dir, 'k3-weights.h5');
    await writeFile(weights, entries['model.weights.h5']!);
    execFileSync(PYTHON, ['-c', `import h5py\nf = h5py.File(${JSON.stringify(weights)}, 'r+')\ndel f['layers/dense_1/vars/1']\nf.close()`]);
    const path = join(dir, 'missing-var.keras');
    await writeFile(path, zipSync({ ...entries, 'model.weights.h5': new Uint8Array(await readFile(weights)) }, { level: 0 }));
    // The model is built within what the weights entry declares it holds (4 bytes a value; HDF5's
    // metadata leaves room for a bias), before the entry is inflated; the assignment names the gap.
    const error = await expectFailure(() => loadModel(path), path, /layer 'dense_3' \(Dense\) has 2 weights \[kernel, bias\], the file has 1 \[layers\/dense_1\/vars\/0\]/);
    expect(error.layer).toBe('dense_3');
  });
});

describe('channels_first layers tfjs gets wrong run channels-last between Permutes', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['Conv2D', { filters: 4, kernel_size: [3, 3], padding: 'same' }],
    ['Conv2D', { filters: 4, kernel_size: [3, 3], strides: [2, 2], groups: 2 }],
    ['DepthwiseConv2D', { kernel_size: [3, 3], padding: 'same', depth_multiplier: 2 }],
    ['SeparableConv2D', { filters: 5, kernel_size: [3, 3], padding: 'same' }],
    ['BatchNormalization', { axis: 1 }],
  ];
  const layer = (className: string, config: Record<string, unknown>, channelsFirst: boolean) => {
    const c: Record<string, unknown> = { name: 'l', ...config };
    if (className === 'BatchNormalization') c['axis'] = channelsFirst ? 1 : -1;
    else c['data_format'] = channelsFirst ? 'channels_first' : 'channels_last';
    return c;
  };
  for (const functional of [false, true]) {
    for (const [className, config] of cases) {
      it(`${functional ? 'Functional' : 'Sequential'} ${className} ${JSON.stringify(config)}: same outputs as the channels_last twin, on both backends`, async () => {
        const model = (channelsFirst: boolean) => {
          const shape = channelsFirst ? [null, 4, 6, 6] : [null, 6, 6, 4];
          if (!functional) {
            return {
              class_name: 'Sequential',
              config: { name: 's', layers: [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: shape } }, { class_name: className, config: layer(className, config, channelsFirst) }, { class_name: 'Activation', config: { name: 'act', activation: 'tanh' } }] },
            };
          }
          return {
            class_name: 'Functional',
            config: {
              name: 'f',
              layers: [
                { class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: shape }, inbound_nodes: [] },
                { class_name: className, name: 'l', config: layer(className, config, channelsFirst), inbound_nodes: [[['in', 0, 0, {}]]] },
                { class_name: 'Activation', name: 'act', config: { name: 'act', activation: 'tanh' }, inbound_nodes: [[['l', 0, 0, {}]]] },
              ],
              input_layers: [['in', 0, 0]],
              output_layers: [['act', 0, 0]],
            },
          };
        };
        await tf.setBackend('cpu');
        const twin = await tfl.models.modelFromJSON({ modelTopology: model(false) } as never);
        twin.setWeights(twin.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, 'float32', i)));
        const bytes = await createH5((file) => writeKerasModelH5(file, twin, JSON.stringify(model(true))));
        const loaded = await loadModel(bytes);
        const x = tf.randomUniform([2, 4, 6, 6], -1, 1, 'float32', 5);
        const expected = tf.tidy(() => tf.transpose(twin.predict(tf.transpose(x, [0, 2, 3, 1])) as tf.Tensor, [0, 3, 1, 2]));
        for (const backend of ['cpu', 'fovea-wasm']) {
          await tf.setBackend(backend);
          const y = loaded.predict(x) as tf.Tensor;
          expect(y.shape).toEqual(expected.shape);
          expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]!, backend).toBeLessThan(1e-5);
          y.dispose();
        }
        await tf.setBackend('cpu');
        // Saved and loaded again, the rewritten model is the same function.
        const path = join(dir, `cf-${className}-${functional}.keras`);
        await saveModel(loaded, path);
        const again = await loadModel(path);
        const y = again.predict(x) as tf.Tensor;
        expect(tf.max(tf.abs(tf.sub(y, expected))).dataSync()[0]!).toBeLessThan(1e-5);
        tf.dispose([x, expected, y, twin, loaded, again] as never);
      });
    }
  }
});
