import { type BackendName, setBackend, tf } from '@foveajs/core';
import type { CrossBackendCase, Outputs, Runnable, Tolerance } from './runnable.js';

/**
 * All backends compute in float32, but not in the same order: webgpu's conv and matmul tile and
 * reduce in a different order, and its exp/tanh/sigmoid are the GPU's. Errors stay near float32
 * rounding times the depth of the sums. This bound (1e-3 relative, plus 1e-4 of the output's
 * largest magnitude) is what a float32 user would call "the same result"; the worst case measured
 * here is ~1e-2 of it (MobileNetV2's logits), so it still catches any real kernel error.
 */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-4 };

export function toTensorList(outputs: Outputs): tf.Tensor[] {
  if (outputs instanceof tf.Tensor) return [outputs];
  if (Array.isArray(outputs)) return outputs;
  return Object.keys(outputs)
    .sort()
    .map((key) => outputs[key]!);
}

function seedFromName(name: string): number {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/**
 * Give every weight seeded values that exercise it: normalization statistics away from the
 * identity (mean 0, variance 1), kernels He-scaled so activations keep their size through deep
 * stacks. Names follow Keras (`moving_variance`, `gamma`, `depthwise_kernel`, ...).
 */
export function seedWeights(model: Runnable, name: string): void {
  const seed = seedFromName(name);
  model.weights.forEach((weight, index) => {
    // Weights always have concrete shapes; only layer outputs carry null (batch) dimensions.
    const shape = weight.shape as number[];
    const value = tf.tidy(() => {
      // Scales and variances (BatchNorm, Normalization layers) must stay positive.
      if (/variance|gamma/.test(weight.name)) return tf.randomUniform(shape, 0.5, 1.5, 'float32', seed + index);
      // Means, offsets, biases, counters.
      if (shape.length < 2) return tf.randomUniform(shape, -0.1, 0.1, 'float32', seed + index);
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const fanIn = /depthwise/.test(weight.name) ? receptive : shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.randomNormal(shape, 0, Math.sqrt(2 / Math.max(fanIn, 1)), 'float32', seed + index);
    });
    weight.write(value);
    value.dispose();
  });
}

/**
 * Build the case on cpu, then predict the same seeded input with the same weights on each
 * backend in turn, and check that repeating the prediction there leaves no memory behind. Weights start on cpu and tfjs moves them on first use; webgpu must come last,
 * since in Node a tensor on the GPU cannot be read back synchronously to move it again.
 */
/** What repeated inference left behind on one backend; all zero when nothing leaks. */
export interface MemoryGrowth {
  tensors: number;
  bytes: number;
  /** webgpu only: bytes held in GPU buffers by live tensors. */
  gpuBytes: number;
}

type GpuMemoryInfo = tf.MemoryInfo & { numBytesInGPU?: number };

/** Predict once more (shaders compiled, weights already moved) and diff tf.memory(). */
async function memoryGrowth(model: Runnable, input: tf.Tensor): Promise<MemoryGrowth> {
  const before = tf.memory() as GpuMemoryInfo;
  // One more pass suffices: shaders and buffer pools are warm after the first.
  const outputs = tf.tidy(() => toTensorList(model.predict(input)));
  await Promise.all(outputs.map((output) => output.data()));
  tf.dispose(outputs);
  const after = tf.memory() as GpuMemoryInfo;
  return {
    tensors: after.numTensors - before.numTensors,
    bytes: after.numBytes - before.numBytes,
    gpuBytes: (after.numBytesInGPU ?? 0) - (before.numBytesInGPU ?? 0),
  };
}

export interface BackendRuns {
  outputs: Map<BackendName, Float32Array[]>;
  growth: Map<BackendName, MemoryGrowth>;
}

export async function runOnBackends(testCase: CrossBackendCase, backends: readonly BackendName[]): Promise<BackendRuns> {
  await setBackend('cpu');
  const model = await testCase.build();
  seedWeights(model, testCase.name);
  const input = tf.randomUniform([testCase.batch ?? 1, ...testCase.inputShape], 0, 1, 'float32', seedFromName(testCase.name) + 1);
  const results = new Map<BackendName, Float32Array[]>();
  const growth = new Map<BackendName, MemoryGrowth>();
  try {
    for (const backend of backends) {
      await setBackend(backend);
      const outputs = tf.tidy(() => toTensorList(model.predict(input)));
      try {
        // Guard against a second tfjs engine (mixed CJS/ESM copies of tfjs-core): its tensors
        // would silently run on its own default backend, not on the one we set.
        const engineState = (tf.engine() as unknown as { state: { tensorInfo: WeakMap<object, { backend: tf.KernelBackend }> } }).state;
        for (const output of outputs) {
          if (engineState.tensorInfo.get(output.dataId)?.backend !== tf.backend()) {
            throw new Error(`${testCase.name}: output was not computed on '${backend}' by @foveajs/core's engine`);
          }
        }
        results.set(backend, await Promise.all(outputs.map(async (output) => (await output.data()) as Float32Array)));
      } finally {
        tf.dispose(outputs);
      }
      growth.set(backend, await memoryGrowth(model, input));
    }
  } finally {
    model.dispose();
    input.dispose();
  }
  return { outputs: results, growth };
}

export interface Mismatch {
  output: number;
  index: number;
  expected: number;
  actual: number;
}

/** Largest |x - ref| / (atol * scale + rtol * |ref|) over all elements; <= 1 means within tolerance. */
export function compareOutputs(reference: Float32Array[], actual: Float32Array[], tolerance: Tolerance = DEFAULT_TOLERANCE): { worst: number; mismatch?: Mismatch } {
  if (reference.length !== actual.length) throw new Error(`expected ${reference.length} outputs, got ${actual.length}`);
  let worst = 0;
  let mismatch: Mismatch | undefined;
  reference.forEach((expected, output) => {
    const got = actual[output]!;
    if (got.length !== expected.length) throw new Error(`output ${output}: expected ${expected.length} values, got ${got.length}`);
    let scale = 1e-6;
    for (const value of expected) scale = Math.max(scale, Math.abs(value));
    for (let index = 0; index < expected.length; index++) {
      const ratio = Math.abs(got[index]! - expected[index]!) / (tolerance.atol * scale + tolerance.rtol * Math.abs(expected[index]!));
      if (!(ratio <= worst)) {
        worst = Number.isNaN(ratio) ? Number.POSITIVE_INFINITY : ratio;
        if (worst > 1) mismatch = { output, index, expected: expected[index]!, actual: got[index]! };
      }
    }
  });
  return { worst, mismatch };
}
