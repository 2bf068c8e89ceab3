// loadGraphModel on a graph model written here in tfjs-converter's format (a GraphDef in JSON and
// one shard): relu(x · w + b), checked against the same ops run directly on tfjs's cpu backend.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraphModel } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'fovea-graph-model-'));
const W = Float32Array.from([0.5, -1, 2, 0.25, -0.75, 1.5]); // [3, 2]
const B = Float32Array.from([0.1, -0.2]);

const dim = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
const constNode = (name: string, shape: number[]) => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim(...shape) } }, dtype: { type: 'DT_FLOAT' } },
});

function writeGraphModel(path: string, format = 'graph-model'): void {
  const modelTopology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dim(-1, 3) } } },
      constNode('w', [3, 2]),
      constNode('b', [2]),
      { name: 'xw', op: 'MatMul', input: ['x', 'w'], attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } } },
      { name: 'xwb', op: 'BiasAdd', input: ['xw', 'b'], attr: { T: { type: 'DT_FLOAT' }, data_format: { s: btoa('NHWC') } } },
      { name: 'y', op: 'Relu', input: ['xwb'], attr: { T: { type: 'DT_FLOAT' } } },
    ],
    versions: { producer: 1 },
  };
  const weights = [
    { name: 'w', shape: [3, 2], dtype: 'float32' },
    { name: 'b', shape: [2], dtype: 'float32' },
  ];
  const bytes = new Uint8Array(4 * (W.length + B.length));
  bytes.set(new Uint8Array(W.buffer), 0);
  bytes.set(new Uint8Array(B.buffer), 4 * W.length);
  writeFileSync(join(dir, 'group1-shard1of1.bin'), bytes);
  writeFileSync(path, JSON.stringify({ format, generatedBy: 'test', convertedBy: 'test', modelTopology, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }] }));
}

describe('loadGraphModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a graph model from model.json and its shard; outputs match the same ops', async () => {
    const path = join(dir, 'model.json');
    writeGraphModel(path);
    const model = await loadGraphModel(path);
    expect(model.inputs.map((i) => [i.name, i.shape])).toEqual([['x', [-1, 3]]]);
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([1, 2, 3, -1, 0.5, 4], [2, 3]);
    const y = model.execute(x) as tf.Tensor;
    const expected = tf.tidy(() => tf.relu(tf.add(tf.matMul(x, tf.tensor2d(W, [3, 2])), tf.tensor1d(B))));
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(await y.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([x, y, expected]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('names the file when it is not a graph model, and checks the shards like loadModel', async () => {
    const layers = join(dir, 'layers.json');
    writeGraphModel(layers, 'layers-model');
    await expect(loadGraphModel(layers)).rejects.toThrow(/layers\.json has format 'layers-model', expected 'graph-model'/);
    const truncated = join(dir, 'truncated.json');
    writeGraphModel(truncated);
    writeFileSync(join(dir, 'group1-shard1of1.bin'), new Uint8Array(8));
    await expect(loadGraphModel(truncated)).rejects.toThrow(/hold 8 bytes, the manifest declares 32/);
    await expect(loadGraphModel('')).rejects.toThrow(/must be the path of a model\.json/);
  });
});
