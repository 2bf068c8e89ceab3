// Shared by the tests (excluded from the build): run a model on fovea-wasm and on tfjs's cpu
// backend with the same weights and input, and check outputs agree and nothing leaks.
import '@foveajs/backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { getModelInfo } from './zoo.js';

/** Debian's python3, whose h5py writes the HDF5 layouts and storage kinds some tests need. */
export const PYTHON = '/usr/bin/python3';
export const hasH5py =
  existsSync(PYTHON) &&
  (() => {
    try {
      execFileSync(PYTHON, ['-c', 'import h5py'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

/** CI must run the h5py tests: where h5py is missing there, fail saying what to install. */
export function requireH5pyUnderCI(what: string): void {
  if (!hasH5py && process.env['CI']) throw new Error(`CI needs Debian's python3-h5py for ${what} (apt-get install python3-h5py)`);
}

/** Set FOVEA_FULL_SIZE=1 to run every forward pass at the architecture's default input size. */
export const FULL_SIZE = process.env.FOVEA_FULL_SIZE === '1';

export async function predictOn(backend: 'fovea-wasm' | 'cpu', model: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const y = model.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  expect(tf.memory().numTensors, `tensors leaked by predict on ${backend}`).toBe(before);
  return values;
}

/** max |a - b| relative to max |b|: the zoo's criterion, within 1e-3 (as verify_zoo.mjs checks). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Forward one random batch through `model` on fovea-wasm and cpu; return the cpu output's shape. */
export async function expectBackendsAgree(model: tfl.LayersModel, tolerance = 1e-3): Promise<void> {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const x = tf.randomUniform([1, ...shape], -1, 1, 'float32', 7);
  try {
    const wasm = await predictOn('fovea-wasm', model, x);
    const cpu = await predictOn('cpu', model, x);
    expect(cpu.every(Number.isFinite), 'cpu output is finite').toBe(true);
    expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(tolerance);
  } finally {
    x.dispose();
  }
}

export function trainableParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** Build, check, dispose, and check every tensor the model made was released. */
export async function withModel(build: () => tfl.LayersModel, check: (model: tfl.LayersModel) => Promise<void> | void): Promise<void> {
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  const model = build();
  try {
    await check(model);
  } finally {
    model.dispose();
  }
  expect(tf.memory().numTensors, 'tensors left after model.dispose()').toBe(before);
}

/** A model's saved artifacts, in memory (what a file save writes), to load back with tf.io.fromMemory. */
export async function savedArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

/**
 * The test of one model Keras ships: Keras's parameter count (includeTop, 1000 classes), its
 * len(model.layers) where `kerasLayerCount` is given, and fovea-wasm matching cpu, built once at
 * the model's minimum input size (FOVEA_FULL_SIZE=1: its default size).
 */
export function itMatchesKeras(name: string, kerasLayerCount: number | undefined): void {
  it(`${name}: Keras's parameter count; fovea-wasm matches cpu`, async () => {
    const info = getModelInfo(name);
    const size = FULL_SIZE ? info.defaultSize : info.minSize;
    await withModel(
      () => info.build({ inputShape: [size, size, 3], classifierActivation: null }),
      async (model) => {
        expect(model.countParams()).toBe(info.kerasParams);
        if (kerasLayerCount !== undefined) expect(model.layers.length).toBe(kerasLayerCount);
        expect(model.outputs[0]!.shape).toEqual([null, 1000]);
        await expectBackendsAgree(model);
      },
    );
  }, 120_000);
}

// The real Keras files the model-file tests read (never copied into the repository): they live in
// ../shared/keras-real/ beside the repository root, as CI provides them; PROVENANCE.md there says
// where each comes from.
export const REAL_DIR = fileURLToPath(new URL('../../../../shared/keras-real/', import.meta.url));
export const HAVE_REAL_FILES = existsSync(`${REAL_DIR}PROVENANCE.md`);
/** For the tests that read them: skip where the files are missing, fail under CI, which has them. */
export function realFilesOrSkip(): boolean {
  if (!HAVE_REAL_FILES && process.env['CI']) throw new Error(`CI needs the real Keras files in ${REAL_DIR} (../shared/keras-real beside the repository)`);
  return !HAVE_REAL_FILES;
}

export const real = (name: string): string => REAL_DIR + name;

/** Every model file there: the path, and an input shape for the shapes the file leaves open. */
export const REAL_MODELS: { file: string; input?: number[] }[] = [
  { file: 'lenet5_tensorspace_k2.1.6.h5' },
  { file: 'cnn_batch_norm_dl4j_k2.1.3.h5' },
  { file: '12net_prelu_dl4j_k2.2.0.h5', input: [1, 24, 24, 3] },
  { file: 'simpleconv2d_channels_first_dl4j_k2.3.1.hdf5' },
  { file: 'mnist_cnn_k3.11.3.h5' },
  { file: 'mnist_cnn_k3.11.3.keras' },
  { file: 'mnist_cnn_bn_k3.10.0.keras' },
  { file: 'dscnn_strww_mlperftiny_k2.14.0.h5' },
  { file: 'resnet8_cifar10_mlperftiny_k2.4.0.h5' },
  { file: 'mobilenetv1_a025_vww96_mlperftiny_k2.4.0.h5' },
  { file: 'lenet5_tensorspace_tfjs/model.json' },
  { file: 'mobilenet_v2_nsfwjs_tfjs/model.json' },
];

/** A NumPy .npy file (version 1/2, little-endian <f4 or <f8, C order) as float32 values and its shape. */
export async function readNpy(path: string): Promise<{ values: Float32Array; shape: number[] }> {
  const bytes = new Uint8Array(await readFile(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = new TextDecoder().decode(bytes.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order is not supported`);
  const data = bytes.slice(start).buffer;
  if (descr === '<f8') return { values: Float32Array.from(new Float64Array(data)), shape };
  if (descr === '<f4') return { values: new Float32Array(data), shape };
  throw new Error(`${path}: dtype ${descr} is not supported`);
}
