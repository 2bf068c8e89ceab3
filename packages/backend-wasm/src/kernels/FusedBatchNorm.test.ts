import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { cpuCanRun, expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc.record({
  shape: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }),
  // Each parameter per channel ([C]), a single value ([1]), or, for offset/scale, absent.
  meanScalar: fc.boolean(),
  varianceScalar: fc.boolean(),
  offset: fc.constantFrom('channel', 'scalar', 'none'),
  scale: fc.constantFrom('channel', 'scalar', 'none'),
  epsilon: fc.constantFrom(0.001, 1e-5, 0.1),
  seed: seedArb,
});

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

function tensors(p: Problem) {
  const channels = p.shape[p.shape.length - 1]!;
  const param = (kind: string, seed: number, positive = false) => {
    if (kind === 'none') return undefined;
    const n = kind === 'scalar' ? 1 : channels;
    const values = randomValues(n, seed).map((v) => (positive ? Math.abs(v) + 0.05 : v));
    return tf.tensor1d(values);
  };
  const size = p.shape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor(randomValues(size, p.seed).map((v) => v * 3), p.shape),
    mean: param(p.meanScalar ? 'scalar' : 'channel', p.seed + 1)!,
    variance: param(p.varianceScalar ? 'scalar' : 'channel', p.seed + 2, true)!,
    offset: param(p.offset, p.seed + 3),
    scale: param(p.scale, p.seed + 4),
  };
}

describe('FusedBatchNorm', () => {
  it('matches the cpu backend on random shapes and per-channel/scalar/absent parameters', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        expectMatchesCpu(() => {
          const t = tensors(p);
          return tf.batchNorm(t.x, t.mean, t.variance, t.offset, t.scale, p.epsilon);
        }, 1e-5);
      }),
      { numRuns: 150 },
    );
  });

  it('has the same gradients as the cpu backend for x, mean, variance, offset and scale', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const gradients = () => {
          const t = tensors(p);
          const inputs = [t.x, t.mean, t.variance, t.offset, t.scale].filter((v) => v !== undefined);
          const f = (...args: tf.Tensor[]) => {
            const [x, mean, variance] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
            let k = 3;
            const offset = t.offset === undefined ? undefined : args[k++];
            const scale = t.scale === undefined ? undefined : args[k++];
            return tf.sum(tf.square(tf.batchNorm(x, mean, variance, offset, scale, p.epsilon)));
          };
          return tf.grads(f)(inputs);
        };
        // tfjs's batchNorm gradient throws on every backend for some shapes (e.g. rank-1 x).
        fc.pre(cpuCanRun(gradients));
        expectMatchesCpu(gradients, 1e-4);
      }),
      { numRuns: 40 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(randomValues(2 * 6 * 6 * 10, 1), [2, 6, 6, 10]);
    const [mean, variance, offset, scale] = [2, 3, 4, 5].map((s) => tf.tensor1d(randomValues(10, s).map(Math.abs)));
    await expectNoLeaks(() => tf.batchNorm(x, mean!, variance!, offset, scale, 0.001));
    tf.dispose([x, mean!, variance!, offset!, scale!]);
  });
});
