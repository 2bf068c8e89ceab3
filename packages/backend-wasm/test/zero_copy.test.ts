// Zero-copy tensors: our kernels' results stay in WASM memory as the tensors' storage, reads hand
// out copies, CPU kernels that alias their input get their own copy, blocks go back to the heap
// on dispose, and the heap stops growing once a workload repeats. Plus the threads setting.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Slice } from '@tensorflow/tfjs-core';
import { type FoveaWasmBackend, getThreadsCount, setThreadsCount } from '../src/index.js';
import { cpuKernel } from '../src/kernel_support.js';
import { FOVEA, randomValues } from './kernels/compare.js';

let backend: FoveaWasmBackend;
beforeAll(async () => {
  await tf.setBackend(FOVEA);
  backend = tf.backend() as FoveaWasmBackend;
});

const input = (seed: number) => tf.tensor4d(randomValues(2 * 16 * 16 * 8, seed), [2, 16, 16, 8]);

describe('zero-copy tensors', () => {
  it('moves a tensor made in JS into WASM memory on first use by a kernel', () => {
    const x = input(20);
    const storage = () => (backend as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(x.dataId).values;
    expect(backend.kernels.arena.owns(storage())).toBe(false);
    const y = tf.relu(x);
    expect(backend.kernels.arena.owns(storage())).toBe(true);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()).map((v) => Math.max(v, 0)));
    tf.dispose([x, y]);
  });

  it('keeps a kernel result in WASM memory and passes it to the next kernel in place', () => {
    expect(backend.zeroCopy).toBe(true);
    const x = input(1);
    const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 8, 2), [3, 3, 8, 8]);
    const y = tf.conv2d(x, filter, 1, 'same');
    const values = backend.float32Values(y);
    expect(backend.kernels.arena.owns(values)).toBe(true);
    expect(values.buffer).toBe(backend.kernels.memory.buffer);
    const blocks = backend.kernels.heap.liveBlocks;
    const z = tf.relu(y);
    // relu read y's block directly: z's block is the only new one (scratch of earlier calls aside).
    expect(backend.kernels.heap.liveBlocks - blocks).toBeLessThanOrEqual(1);
    expect(Array.from(z.dataSync())).toEqual(Array.from(y.dataSync()).map((v) => Math.max(v, 0)));
    tf.dispose([x, filter, y, z]);
  });

  it('reads return copies that stay unchanged after the tensor is disposed and its block reused', async () => {
    const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 8, 3), [3, 3, 8, 8]);
    const x = input(4);
    const y = tf.conv2d(x, filter, 1, 'same');
    const read = y.dataSync();
    const asyncRead = await y.data();
    expect(backend.kernels.arena.owns(read as Float32Array)).toBe(false);
    expect(read.buffer).toBeInstanceOf(ArrayBuffer);
    const kept = Array.from(read);
    y.dispose();
    const other = input(5);
    const reuse = tf.conv2d(other, filter, 1, 'same');
    expect(Array.from(read)).toEqual(kept);
    expect(Array.from(asyncRead)).toEqual(kept);
    tf.dispose([filter, x, other, reuse]);
  });

  it("copies a CPU kernel's output that aliases an input's block (slice), so disposing the input is safe", () => {
    const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 8, 6), [3, 3, 8, 8]);
    const x = input(7);
    const y = tf.conv2d(x, filter, 1, 'same');
    const expected = Array.from(y.dataSync().subarray(16 * 16 * 8));
    // tfjs's cpu Slice returns a subarray of y's block for a slice along the outer axis; run
    // through the backend's guard (as every cpu fallback is), its output is a JS copy.
    const info = cpuKernel(Slice)({ inputs: { x: y }, backend: backend as never, attrs: { begin: [1, 0, 0, 0], size: [1, 16, 16, 8] } }) as tf.TensorInfo;
    const storage = (backend as unknown as { data: { get(id: object): { values: Float32Array } } }).data.get(info.dataId).values;
    expect(storage.buffer).toBeInstanceOf(ArrayBuffer);
    // fovea-wasm's own Slice copies into a block of its own.
    const s = tf.slice(y, [1, 0, 0, 0], [1, 16, 16, 8]);
    y.dispose();
    const overwrite = tf.conv2d(input(8), filter, 1, 'same');
    expect(Array.from(s.dataSync())).toEqual(expected);
    expect(Array.from(storage)).toEqual(expected);
    backend.disposeData(info.dataId);
    tf.dispose([filter, x, s, overwrite]);
  });

  it('keeps int32 and bool results in WASM memory too, read as copies, freed on dispose', () => {
    const start = backend.kernels.heap.liveBytes;
    const storage = (t: tf.Tensor) => (backend as unknown as { data: { get(id: object): { values: Int32Array | Uint8Array } } }).data.get(t.dataId).values;
    tf.tidy(() => {
      const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
      const flags = tf.tensor1d([true, false, true]);
      const t = tf.transpose(ints);
      const picked = tf.where(flags, tf.tensor1d([7, 8, 9], 'int32'), tf.tensor1d([-7, -8, -9], 'int32'));
      for (const [tensor, Kind] of [[t, Int32Array], [picked, Int32Array], [tf.reverse(flags), Uint8Array]] as const) {
        expect(storage(tensor)).toBeInstanceOf(Kind);
        expect(backend.kernels.arena.owns(storage(tensor))).toBe(true);
        expect(tensor.dataSync()).not.toBe(storage(tensor));
      }
      expect(Array.from(t.dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
      expect(Array.from(picked.dataSync())).toEqual([7, -8, 9]);
    });
    // At most the scratch of the last kernel call (freed by the next call) may still be live.
    expect(backend.kernels.heap.liveBytes).toBeLessThanOrEqual(start + 4096);
  });

  it('frees tensor blocks and packed filters when tensors are disposed', () => {
    const start = backend.kernels.heap.liveBytes;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 16, 9), [3, 3, 8, 16]);
      const dense = tf.tensor2d(randomValues(64 * 32, 10), [64, 32]);
      const y = tf.conv2d(input(11), filter, 1, 'same');
      tf.matMul(tf.reshape(y, [-1, 64]), dense);
    });
    expect(tf.memory().numTensors).toBe(before);
    // What stays is the last call's scratch, freed by the next call.
    backend.kernels.arena.reset();
    expect(backend.kernels.heap.liveBytes).toBeLessThanOrEqual(start);
  });

  it('stops growing the heap once inference and training steps repeat', () => {
    const filter = tf.variable(tf.tensor4d(randomValues(3 * 3 * 8 * 8, 12), [3, 3, 8, 8]));
    const dense = tf.variable(tf.tensor2d(randomValues(8 * 8 * 8, 13), [8 * 8 * 8, 1]));
    const x = input(14);
    const target = tf.ones([2, 1]);
    const optimizer = tf.train.sgd(0.01);
    const step = () =>
      optimizer.minimize(() => {
        const features = tf.maxPool(tf.relu(tf.conv2d(x, filter, 1, 'same')), 2, 2, 'valid');
        const out = tf.matMul(tf.reshape(features, [2, -1]), dense);
        return tf.mean(tf.square(tf.sub(out, target)));
      });
    for (let i = 0; i < 5; i++) step();
    const tensors = tf.memory().numTensors;
    const live = backend.kernels.heap.liveBytes;
    const memory = backend.kernels.arena.memoryBytes;
    for (let i = 0; i < 30; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.kernels.heap.liveBytes).toBe(live);
    expect(backend.kernels.arena.memoryBytes).toBe(memory);
    tf.dispose([filter, dense, x, target]);
    optimizer.dispose();
  });
});

describe('threads setting', () => {
  it('sets and reports the thread count of the initialised backend', () => {
    const initial = getThreadsCount();
    expect(initial).toBeGreaterThanOrEqual(1);
    setThreadsCount(1);
    expect(getThreadsCount()).toBe(1);
    setThreadsCount(2);
    expect(getThreadsCount()).toBe(2);
    expect(() => setThreadsCount(0)).toThrow(/setThreadsCount: got 0/);
    setThreadsCount(initial);
  });
});
