// loadModel on the real Keras and tfjs files in ../shared/keras-real (PROVENANCE.md there): every
// file loads and runs alike on fovea-wasm and cpu, the recorded predictions are reproduced, the
// same model in different files gives the same outputs, and saveModel → loadModel is exact.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImage } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { unzipSync } from 'fflate';
import h5wasm from 'h5wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel, saveWeights } from '../index.js';
import { keras3ModelConfig } from './keras_config_write.js';
import { predictOn, REAL_MODELS, readNpy, real, realFilesOrSkip, relativeError } from '../test_support.js';

/** Every output of the model, one after another, on `backend` (predictOn takes single-output models). */
async function allOutputs(backend: 'cpu' | 'fovea-wasm', model: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const ys = model.predict(x);
  const list = Array.isArray(ys) ? ys : [ys];
  const parts = await Promise.all(list.map((y) => y.data() as Promise<Float32Array>));
  tf.dispose(ys);
  expect(tf.memory().numTensors, `tensors leaked by predict on ${backend}`).toBe(before);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const skip = realFilesOrSkip();
let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A model's last output (LeNet's tfjs conversion has seven; the last is the softmax). */
async function lastOutput(model: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const ys = model.predict(x);
  const y = Array.isArray(ys) ? ys[ys.length - 1]! : ys;
  const values = (await y.data()) as Float32Array;
  tf.dispose(ys);
  return values;
}

function inputFor(model: tfl.LayersModel, shape?: number[]): tf.Tensor {
  const dims = shape ?? model.inputs[0]!.shape.map((d, i) => (i === 0 ? 2 : (d ?? 16)));
  return tf.randomUniform(dims, 0, 1, 'float32', 11);
}

async function lenetDigit(): Promise<tf.Tensor> {
  const pixels = JSON.parse(await readFile(real('lenet5_tensorspace_input_digit5.json'), 'utf8')) as number[];
  expect(pixels).toHaveLength(784);
  return tf.tensor(pixels, [1, 28, 28]);
}

describe.skipIf(skip)('every real model file loads and runs alike on fovea-wasm and cpu', () => {
  for (const { file, input } of REAL_MODELS) {
    it(file, async () => {
      const before = tf.memory().numTensors;
      const model = await loadModel(real(file));
      const x = inputFor(model, input);
      const cpu = await allOutputs('cpu', model, x);
      const wasm = await allOutputs('fovea-wasm', model, x);
      await tf.setBackend('cpu');
      expect(cpu.every(Number.isFinite)).toBe(true);
      expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(1e-5);
      x.dispose();
      model.dispose();
      expect(tf.memory().numTensors, 'tensors left after dispose').toBe(before);
    });
  }
});

describe.skipIf(skip)('recorded outputs', () => {
  it("the BN CNN (Keras 2.1.3) reproduces Keras's five recorded predictions within 1e-5", async () => {
    const input = await readNpy(real('cnn_batch_norm_dl4j_input.npy'));
    const expected = await readNpy(real('cnn_batch_norm_dl4j_predictions.npy'));
    expect(input.shape).toEqual([5, 10, 10, 3]);
    expect(expected.shape).toEqual([5, 1]);
    const model = await loadModel(real('cnn_batch_norm_dl4j_k2.1.3.h5'));
    const x = tf.tensor(input.values, input.shape);
    for (const backend of ['cpu', 'fovea-wasm'] as const) {
      const got = await predictOn(backend, model, x);
      for (let i = 0; i < 5; i++) expect(Math.abs(got[i]! - expected.values[i]!), `${backend} prediction ${i}`).toBeLessThanOrEqual(1e-5);
    }
    await tf.setBackend('cpu');
    tf.dispose([x, model] as never);
  });

  it('LeNet-5 from the .h5, from weights-only .h5 + topology and from its tfjs conversion: same probabilities, digit 5', async () => {
    const x = await lenetDigit();
    const full = await loadModel(real('lenet5_tensorspace_k2.1.6.h5'));
    const split = await loadModel(real('lenet5_tensorspace_weights_k2.2.2.h5'), { topology: real('lenet5_tensorspace_topology.json') });
    const tfjs = await loadModel(real('lenet5_tensorspace_tfjs/model.json'));
    expect(tfjs.outputs).toHaveLength(7);
    const [a, b, c] = [await lastOutput(full, x), await lastOutput(split, x), await lastOutput(tfjs, x)];
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.indexOf(Math.max(...a))).toBe(5);
    // PROVENANCE.md: a NumPy forward pass gives p[5] = 0.99998 and p[9] = 2.03e-5.
    expect(a[5]).toBeCloseTo(0.99998, 4);
    expect(a[9]).toBeCloseTo(2.03e-5, 6);
    tf.dispose([x, full, split, tfjs] as never);
  });

  it('the uint8 tfjs MobileNetV2 (nsfwjs) reproduces the recorded scores on its image within 0.01', async () => {
    const expected = JSON.parse(await readFile(real('mobilenet_v2_nsfwjs_tfjs/expected_logo.json'), 'utf8')) as {
      classes: string[];
      top5_sorted: { className: string; probability: number }[];
    };
    const model = await loadModel(real('mobilenet_v2_nsfwjs_tfjs/model.json'));
    // The preprocessing recorded beside the scores: RGB, / 255, bilinear resize to 224 with aligned corners.
    const image = await readImage(real('mobilenet_v2_nsfwjs_tfjs/nsfwjs_logo.jpg'));
    const x = tf.tidy(() => tf.image.resizeBilinear(tf.div(tf.cast(image, 'float32'), 255) as tf.Tensor3D, [224, 224], true).reshape([1, 224, 224, 3]));
    for (const backend of ['cpu', 'fovea-wasm'] as const) {
      const scores = await predictOn(backend, model, x);
      for (const { className, probability } of expected.top5_sorted) {
        expect(Math.abs(scores[expected.classes.indexOf(className)]! - probability), `${backend} ${className}`).toBeLessThanOrEqual(0.01);
      }
    }
    await tf.setBackend('cpu');
    tf.dispose([image, x, model] as never);
  });

  it('the Keras 3 MNIST CNN gives identical outputs from its .h5 and its .keras', async () => {
    const h5 = await loadModel(real('mnist_cnn_k3.11.3.h5'));
    const keras = await loadModel(real('mnist_cnn_k3.11.3.keras'));
    const x = inputFor(h5);
    expect(await lastOutput(keras, x)).toEqual(await lastOutput(h5, x));
    expect(keras.layers.map((l) => l.name)).toEqual(h5.layers.map((l) => l.name));
    tf.dispose([x, h5, keras] as never);
  });

  it('runs the channels_first conv model as Keras does (checked against a NumPy forward pass by hand: first outputs ≈ 1/22)', async () => {
    const model = await loadModel(real('simpleconv2d_channels_first_dl4j_k2.3.1.hdf5'));
    expect(model.inputs[0]!.shape).toEqual([null, 1, 28, 28]);
    expect(model.outputs[0]!.shape).toEqual([null, 22]);
    model.dispose();
  });
});

/** Entries of a zip, and every path (and attributes) in its model.weights.h5. */
async function archiveLayout(path: string): Promise<{ entries: string[]; paths: string[]; names: Record<string, string> }> {
  const bytes = new Uint8Array(await readFile(path));
  const entries: string[] = [];
  const files = unzipSync(bytes, {
    filter: (file) => {
      entries.push(file.name);
      return file.name === 'model.weights.h5';
    },
  });
  const { FS } = await h5wasm.ready;
  const name = `/layout-${Math.random().toString(36).slice(2)}.h5`;
  FS.writeFile(name, files['model.weights.h5']!);
  const file = new h5wasm.File(name, 'r');
  const paths: string[] = [];
  const names: Record<string, string> = {};
  const walk = (group: InstanceType<typeof h5wasm.Group>, prefix: string) => {
    for (const key of group.keys()) {
      const path = prefix ? `${prefix}/${key}` : key;
      paths.push(path);
      const child = group.get(key);
      if (child instanceof h5wasm.Group) {
        const attr = child.attrs['name'];
        if (attr) names[path] = String(attr.value);
        walk(child, path);
      }
    }
  };
  walk(file, '');
  file.close();
  FS.unlink(name);
  return { entries, paths: paths.sort(), names };
}

describe.skipIf(skip)('saveModel → loadModel round trips of the real files', () => {
  for (const { file, input } of REAL_MODELS) {
    it(`${file}: .keras, .h5 and tfjs give identical outputs`, async () => {
      // Same backend on both sides; fovea-wasm keeps the 224×224 MobileNetV2 quick.
      await tf.setBackend('fovea-wasm');
      const model = await loadModel(real(file));
      const x = inputFor(model, input);
      const expected = await lastOutput(model, x);
      for (const target of ['m.keras', 'm.h5', 'tfjs/model.json']) {
        const path = join(dir, file.replace(/\W/g, '_'), target);
        await saveModel(model, path);
        const before = tf.memory().numTensors;
        const again = await loadModel(path);
        expect(await lastOutput(again, x), target).toEqual(expected);
        expect(again.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
        again.dispose();
        expect(tf.memory().numTensors).toBe(before);
      }
      tf.dispose([x, model] as never);
      await tf.setBackend('cpu');
    });
  }

  for (const file of ['mnist_cnn_k3.11.3.keras', 'mnist_cnn_bn_k3.10.0.keras']) {
    it(`a saved ${file} lists the same archive entries, weight paths and vars names as the real one`, async () => {
      const model = await loadModel(real(file));
      const path = join(dir, `layout-${file}`);
      await saveModel(model, path);
      const ours = await archiveLayout(path);
      const theirs = await archiveLayout(real(file));
      expect(ours.entries).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
      expect(ours.entries).toEqual(theirs.entries);
      // Loaded with compile: false, the model has no optimizer, so (as Keras) no optimizer group.
      expect(ours.paths).toEqual(theirs.paths.filter((p) => !p.startsWith('optimizer')));
      expect(ours.names).toEqual(Object.fromEntries(Object.entries(theirs.names).filter(([p]) => !p.startsWith('optimizer'))));
      const config = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(await readFile(path)))['config.json']!));
      const original = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(await readFile(real(file))))['config.json']!));
      expect(config.class_name).toBe(original.class_name);
      // Same layers, same names; a Sequential model's input is named after its first layer, as in tf.keras 2.
      const summary = (layers: { class_name: string; config: { name: string } }[]) => layers.map((l) => (l.class_name === 'InputLayer' ? 'InputLayer' : `${l.class_name}:${l.config.name}`));
      expect(summary(config.config.layers)).toEqual(summary(original.config.layers));
      model.dispose();
    });
  }
});

/** Read a dataset of an HDF5 file with h5wasm directly (not through the code under test). */
async function h5Values(bytes: Uint8Array, path: string): Promise<Float32Array> {
  const { FS } = await h5wasm.ready;
  const name = `/values-${Math.random().toString(36).slice(2)}.h5`;
  FS.writeFile(name, bytes);
  const file = new h5wasm.File(name, 'r');
  try {
    const value = (file.get(path) as InstanceType<typeof h5wasm.Dataset>).value;
    if (typeof value === 'bigint' || typeof value === 'number') return Float32Array.of(Number(value));
    return Float32Array.from(value as ArrayLike<number | bigint>, (v) => Number(v));
  } finally {
    file.close();
    FS.unlink(name);
  }
}

async function adamSlots(model: tfl.LayersModel): Promise<{ iterations: number; first: Float32Array; second: Float32Array }> {
  const weights = await model.optimizer.getWeights();
  const iterations = (await weights[0]!.tensor.data())[0]!;
  weights[0]!.tensor.dispose();
  const n = model.trainableWeights.length;
  return { iterations, first: (await weights[1]!.tensor.data()) as Float32Array, second: (await weights[1 + n]!.tensor.data()) as Float32Array };
}

describe.skipIf(skip)('compile: true', () => {
  // Each Keras generation's optimizer layout: where the first trainable weight's Adam m and v are.
  const cases: { file: string; iterations?: number; m: string; v: string; lr: number }[] = [
    { file: 'lenet5_tensorspace_k2.1.6.h5', m: 'optimizer_weights/training/Adam/Variable:0', v: 'optimizer_weights/training/Adam/Variable_10:0', lr: 0.001 },
    { file: 'mobilenetv1_a025_vww96_mlperftiny_k2.4.0.h5', m: 'optimizer_weights/Adam/conv2d/kernel/m:0', v: 'optimizer_weights/Adam/conv2d/kernel/v:0', lr: 0.00025 },
    { file: 'dscnn_strww_mlperftiny_k2.14.0.h5', m: 'optimizer_weights/Adam/m/depthwise_conv2d/depthwise_kernel:0', v: 'optimizer_weights/Adam/v/depthwise_conv2d/depthwise_kernel:0', lr: 1e-6 },
    { file: 'mnist_cnn_k3.11.3.h5', m: 'optimizer_weights/adam/sequential_1_conv2d_2_kernel_momentum', v: 'optimizer_weights/adam/sequential_1_conv2d_2_kernel_velocity', lr: 0.001 },
  ];
  for (const { file, m, v, lr } of cases) {
    it(`${file}: Adam with the file's learning rate and moments`, async () => {
      const model = await loadModel(real(file), { compile: true });
      const optimizer = model.optimizer as unknown as { getClassName(): string; getConfig(): { learningRate: number } };
      expect(optimizer.getClassName()).toBe('Adam');
      expect(Math.abs(optimizer.getConfig().learningRate - lr)).toBeLessThanOrEqual(lr * 1e-6);
      const bytes = new Uint8Array(await readFile(real(file)));
      const slots = await adamSlots(model);
      expect(slots.first).toEqual(await h5Values(bytes, m));
      expect(slots.second).toEqual(await h5Values(bytes, v));
      expect(slots.iterations).toBeGreaterThan(0);
      model.optimizer.dispose();
      model.dispose();
    });
  }

  it('a Keras 3 .keras: Adam state from optimizer/vars, written back at the same paths after a training step', async () => {
    const file = real('mnist_cnn_bn_k3.10.0.keras');
    const model = await loadModel(file, { compile: true });
    const weights = unzipSync(new Uint8Array(await readFile(file)))['model.weights.h5']!;
    const slots = await adamSlots(model);
    expect(slots.iterations).toBe((await h5Values(weights, 'optimizer/vars/0'))[0]);
    expect(slots.first).toEqual(await h5Values(weights, 'optimizer/vars/2'));
    expect(slots.second).toEqual(await h5Values(weights, 'optimizer/vars/3'));
    // It trains from there (one batch, on fovea-wasm), and the saved archive has Keras's optimizer layout.
    await tf.setBackend('fovea-wasm');
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10);
    await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
    const path = join(dir, 'compiled.keras');
    await saveModel(model, path);
    const ours = await archiveLayout(path);
    const theirs = await archiveLayout(file);
    expect(ours.paths).toEqual(theirs.paths);
    const again = await loadModel(path, { compile: true });
    expect((await adamSlots(again)).iterations).toBe(slots.iterations + 1);
    expect((await adamSlots(again)).first).toEqual((await adamSlots(model)).first);
    tf.dispose([x, y]);
    await tf.setBackend('cpu');
    for (const m of [model, again]) {
      m.optimizer.dispose();
      m.dispose();
    }
  });

  it('a compiled .h5 round trip keeps the optimizer state, and a file without a training config says so', async () => {
    const model = await loadModel(real('resnet8_cifar10_mlperftiny_k2.4.0.h5'), { compile: true });
    const path = join(dir, 'compiled.h5');
    await saveModel(model, path);
    const again = await loadModel(path, { compile: true });
    const [a, b] = [await adamSlots(model), await adamSlots(again)];
    expect(b).toEqual(a);
    for (const m of [model, again]) {
      m.optimizer.dispose();
      m.dispose();
    }
    const before = tf.memory().numTensors;
    await expect(loadModel(real('12net_prelu_dl4j_k2.2.0.h5'), { compile: true })).rejects.toThrow(/12net_prelu_dl4j_k2\.2\.0\.h5.*|records no training configuration/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(skip)('other sources', () => {
  it('a Keras 3 .weights.h5 with the JSON model.to_json() writes, and a Keras 2 .h5 with a tfjs model.json as topology', async () => {
    const model = await loadModel(real('mnist_cnn_bn_k3.10.0.keras'));
    const x = inputFor(model);
    const expected = await lastOutput(model, x);
    await saveWeights(model, join(dir, 'bn.weights.h5'));
    await writeFile(join(dir, 'bn.json'), JSON.stringify(keras3ModelConfig(model)));
    const keras3 = await loadModel(join(dir, 'bn.weights.h5'), { topology: join(dir, 'bn.json') });
    expect(await lastOutput(keras3, x)).toEqual(expected);
    await saveWeights(model, join(dir, 'bn-keras2.h5'));
    await saveModel(model, join(dir, 'bn-tfjs/model.json'));
    const keras2 = await loadModel(join(dir, 'bn-keras2.h5'), { topology: join(dir, 'bn-tfjs/model.json') });
    expect(await lastOutput(keras2, x)).toEqual(expected);
    tf.dispose([x, model, keras3, keras2] as never);
  });

  it('http(s) URLs (a tfjs model.json and its shard, a .keras), file: URLs and bytes', async () => {
    const files: Record<string, string> = {
      '/lenet/model.json': real('lenet5_tensorspace_tfjs/model.json'),
      '/lenet/group1-shard1of1': real('lenet5_tensorspace_tfjs/group1-shard1of1'),
      '/mnist.keras': real('mnist_cnn_k3.11.3.keras'),
    };
    const server = createServer(async (request, response) => {
      const file = files[request.url ?? ''];
      if (file === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200).end(await readFile(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const x = await lenetDigit();
      const fromUrl = await loadModel(`${base}/lenet/model.json`);
      const fromFile = await loadModel(new URL(`file://${real('lenet5_tensorspace_k2.1.6.h5')}`));
      expect(await lastOutput(fromUrl, x)).toEqual(await lastOutput(fromFile, x));
      const keras = await loadModel(`${base}/mnist.keras`, { cacheDir: join(dir, 'cache') });
      const bytes = await loadModel(new Uint8Array(await readFile(real('mnist_cnn_k3.11.3.keras'))));
      const y = inputFor(keras);
      expect(await lastOutput(keras, y)).toEqual(await lastOutput(bytes, y));
      tf.dispose([x, y, fromUrl, fromFile, keras, bytes] as never);
    } finally {
      server.close();
    }
  });

  it("compile: true on a tfjs model.json: the training_config's SGD with momentum", async () => {
    const model = await loadModel(real('mobilenet_v2_nsfwjs_tfjs/model.json'), { compile: true });
    const optimizer = model.optimizer as unknown as { getClassName(): string; getConfig(): { learningRate: number; momentum: number } };
    expect(optimizer.getClassName()).toBe('Momentum');
    expect(optimizer.getConfig().momentum).toBeCloseTo(0.9, 6);
    expect(optimizer.getConfig().learningRate).toBeCloseTo(9e-7, 12);
    model.optimizer.dispose();
    model.dispose();
  });
});

describe('a model nested in a model', () => {
  it('round-trips through .keras, .h5 and tfjs with identical outputs', async () => {
    const inner = tfl.sequential({
      name: 'inner',
      layers: [tfl.layers.dense({ units: 4, inputShape: [3], name: 'd1' }), tfl.layers.batchNormalization({ name: 'bn' }), tfl.layers.dense({ units: 2, name: 'd2' })],
    });
    const input = tfl.input({ shape: [3], name: 'x' });
    const output = tfl.layers.dense({ units: 1, name: 'head' }).apply(inner.apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output, name: 'outer' });
    model.setWeights(model.weights.map((w, i) => tf.randomUniform(w.shape as number[], 0.5, 1, 'float32', i)));
    const x = tf.randomUniform([2, 3], 0, 1, 'float32', 1);
    const expected = await lastOutput(model, x);
    for (const file of ['nested.keras', 'nested.h5', 'nested/model.json']) {
      await saveModel(model, join(dir, file));
      const loaded = await loadModel(join(dir, file));
      expect(loaded.layers.map((l) => l.getClassName()), file).toEqual(['InputLayer', 'Sequential', 'Dense']);
      expect(await lastOutput(loaded, x), file).toEqual(expected);
      loaded.dispose();
    }
    tf.dispose([x, model] as never);
  });
});
