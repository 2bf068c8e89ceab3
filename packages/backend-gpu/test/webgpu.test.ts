import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareWebGPU, readBackWebGPUTensors } from '../src/index.js';
import { webgpuOrSkip } from './require_webgpu.js';

const status = await prepareWebGPU();
const runs = webgpuOrSkip(status);

/** A small conv/pool/dense forward pass written with tfjs-core ops, as a model's predict would run. */
function makeNet(seed: number) {
  const weights = {
    conv1: tf.randomNormal([3, 3, 3, 8], 0, 0.3, 'float32', seed) as tf.Tensor4D,
    dw: tf.randomNormal([3, 3, 8, 1], 0, 0.3, 'float32', seed + 1) as tf.Tensor4D,
    conv2: tf.randomNormal([1, 1, 8, 16], 0, 0.3, 'float32', seed + 2) as tf.Tensor4D,
    dense: tf.randomNormal([16, 10], 0, 0.3, 'float32', seed + 3) as tf.Tensor2D,
  };
  const predict = (x: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => {
      let h = tf.relu(tf.conv2d(x, weights.conv1, 1, 'same'));
      h = tf.maxPool(h, 2, 2, 'same');
      h = tf.relu6(tf.depthwiseConv2d(h, weights.dw, 1, 'same'));
      h = tf.conv2d(h, weights.conv2, 1, 'valid');
      const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
      return tf.softmax(tf.matMul(pooled, weights.dense)) as tf.Tensor2D;
    });
  return { predict, dispose: () => tf.dispose(Object.values(weights)) };
}

describe.runIf(runs)('webgpu backend (Dawn in Node)', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('webgpu')).toBe(true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('reports the adapter it runs on', () => {
    expect(status.adapter).toBeDefined();
    expect(status.detail).toBeTruthy();
    const backendInfo = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
    // The adapter we report is the one tfjs asked for (same power preference).
    expect(backendInfo?.vendor).toBe(status.adapter?.vendor);
    expect(backendInfo?.architecture).toBe(status.adapter?.architecture);
    if (/swiftshader/i.test(process.env['VK_ICD_FILENAMES'] ?? '')) {
      expect(status.software).toBe(true);
      expect(status.detail).toMatch(/swiftshader/i);
    }
  });

  it('computes a conv/pool/dense pass that agrees with the cpu backend', async () => {
    // Built on cpu and run there first: tfjs moves the weights to webgpu on first use. Moving
    // them back would need a synchronous GPU read, which Node cannot do (see the next test).
    await tf.setBackend('cpu');
    const net = makeNet(7);
    const input = tf.randomUniform([2, 12, 12, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const onCpu = net.predict(input);
    const cpuValues = await onCpu.data();
    await tf.setBackend('webgpu');
    const onGpu = net.predict(input);
    const gpuValues = await onGpu.data();
    expect(onGpu.shape).toEqual([2, 10]);
    for (let i = 0; i < cpuValues.length; i++) expect(gpuValues[i]).toBeCloseTo(cpuValues[i]!, 5);
    tf.dispose([onGpu, onCpu, input]);
    net.dispose();
  });

  it('cannot read GPU tensors synchronously in Node until an async read has cached them, and says so', async () => {
    // tfjs-backend-webgpu's readSync copies through an OffscreenCanvas, which only browsers have:
    // in Node, dataSync()/arraySync() (and moving a GPU-resident tensor to another backend) throw
    // an error that says to await data() (it was "OffscreenCanvas is not defined").
    const onGpu = tf.tidy(() => tf.square(tf.range(0, 8)));
    expect(() => onGpu.dataSync()).toThrow(/cannot read a GPU tensor synchronously in Node .*await tensor\.data\(\)/);
    const values = await onGpu.data();
    // data() leaves a CPU copy behind, after which the sync paths work.
    expect(Array.from(onGpu.dataSync())).toEqual(Array.from(values));
    onGpu.dispose();
  });

  it('runs non-max suppression on GPU-resident boxes only through the async op in Node', async () => {
    // 300 boxes (1200 values) are above tfjs's CPU hand-off size, so the add runs on the GPU.
    const corners = tf.tidy(() => {
      const topLeft = tf.randomUniform([300, 2], 0, 0.8, 'float32', 21);
      return tf.concat([topLeft, tf.add(topLeft, 0.2)], 1);
    });
    const boxes = tf.tidy(() => tf.add(corners, 0) as tf.Tensor2D);
    const scores = tf.randomUniform([300], 0, 1, 'float32', 22) as tf.Tensor1D;
    expect(() => tf.image.nonMaxSuppression(boxes, scores, 10, 0.5)).toThrow(/cannot read a GPU tensor synchronously in Node/);
    const selected = await tf.image.nonMaxSuppressionAsync(boxes, scores, 10, 0.5);
    const expected = await tf.image.nonMaxSuppressionAsync(await corners.array(), await scores.array(), 10, 0.5);
    expect(Array.from(await selected.data())).toEqual(Array.from(await expected.data()));
    tf.dispose([corners, boxes, scores, selected, expected]);
  });

  it('moves large GPU tensors to another backend once readBackWebGPUTensors has read them back', async () => {
    // Switching to cpu while a large webgpu tensor was alive threw "OffscreenCanvas is not
    // defined" at the tensor's first use there (moving it reads it synchronously).
    const big = tf.tidy(() => tf.add(tf.randomNormal([512, 512], 0, 1, 'float32', 4), 1));
    const alsoBig = tf.tidy(() => tf.mul(big, 2));
    expect(await readBackWebGPUTensors()).toBeGreaterThanOrEqual(2);
    await tf.setBackend('cpu');
    const sums = [tf.sum(big), tf.sum(alsoBig)];
    const [a, b] = sums.map((s) => s.dataSync()[0]!);
    expect(b).toBeCloseTo(2 * a!, -1);
    expect(Array.from(big.dataSync().slice(0, 2)).every(Number.isFinite)).toBe(true);
    tf.dispose([big, alsoBig, ...sums]);
    await tf.setBackend('webgpu');
  });

  it('keeps an explicit power preference when @foveajs/core later calls without options', async () => {
    const lowPower = await prepareWebGPU({ powerPreference: 'low-power' });
    expect(lowPower.available).toBe(true);
    expect(tf.env().getBool('WEBGPU_USE_LOW_POWER_GPU')).toBe(true);
    await prepareWebGPU();
    expect(tf.env().getBool('WEBGPU_USE_LOW_POWER_GPU')).toBe(true);
    await prepareWebGPU({ powerPreference: 'high-performance' });
    expect(tf.env().getBool('WEBGPU_USE_LOW_POWER_GPU')).toBe(false);
  });

  it('keeps tensors and GPU memory flat across repeated inference', async () => {
    const net = makeNet(11);
    const input = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const infer = async () => {
      const out = net.predict(input);
      await out.data();
      out.dispose();
    };
    // Warm-up compiles the shaders and fills tfjs's buffer pool.
    await infer();
    await infer();
    const before = tf.memory() as tf.MemoryInfo & { numBytesInGPU: number; numBytesAllocatedInGPU: number };
    for (let i = 0; i < 10; i++) await infer();
    const after = tf.memory() as typeof before;
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.numBytesInGPU).toBe(before.numBytesInGPU);
    // Buffers come back to tfjs's pool and are reused, so the allocation does not grow either.
    expect(after.numBytesAllocatedInGPU).toBeLessThanOrEqual(before.numBytesAllocatedInGPU);
    net.dispose();
    input.dispose();
  });
});
