import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { activationArb, expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { type MatMulProblem, matMulArb, matMulGradArb, matMulInputs } from '../../test/kernels/matmul_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const fusedRecord = {
  problem: matMulArb,
  activation: activationArb,
  bias: fc.constantFrom('none', 'perColumn', 'scalar'),
  prelu: fc.constantFrom('perColumn', 'scalar'),
  leakyreluAlpha: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
};
const fusedArb = fc.record(fusedRecord);

type Fused = typeof fusedArb extends fc.Arbitrary<infer T> ? T : never;

function fusedMatMul(f: Fused, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const p: MatMulProblem = f.problem;
  const bias =
    f.bias === 'none' ? undefined : f.bias === 'scalar' ? tf.scalar(0.25) : tf.tensor1d(randomValues(p.n, p.seed + 2));
  const preluActivationWeights =
    f.activation !== 'prelu' ? undefined : f.prelu === 'scalar' ? tf.scalar(0.1) : tf.tensor1d(randomValues(p.n, p.seed + 3));
  return tf.fused.matMul({
    a,
    b,
    transposeA: p.transposeA,
    transposeB: p.transposeB,
    bias,
    activation: f.activation,
    preluActivationWeights,
    leakyreluAlpha: f.leakyreluAlpha,
  });
}

describe('_FusedMatMul', () => {
  it('matches the cpu backend with every activation, bias and PReLU broadcast', () => {
    fc.assert(
      fc.property(fusedArb, (f) => {
        expectSameAsCpu(() => fusedMatMul(f, ...matMulInputs(f.problem)));
      }),
      { numRuns: 80 },
    );
  });

  it('has the same gradients as the cpu backend (linear and relu, as tfjs supports)', () => {
    fc.assert(
      fc.property(fc.record({ ...fusedRecord, problem: matMulGradArb }), (f) => {
        const g: Fused = { ...f, activation: f.problem.seed % 2 === 0 ? 'relu' : 'linear' };
        expectSameAsCpu(() => {
          const [a, b] = matMulInputs(g.problem);
          const fn = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(fusedMatMul(g, x, y)));
          return tf.grads(fn as (...args: tf.Tensor[]) => tf.Tensor)([a, b]);
        }, 2e-4);
      }),
      { numRuns: 25 },
    );
  });

  it('reuses the packed weights of a Dense kernel across calls and stays leak-free', async () => {
    const x = tf.tensor2d(randomValues(5 * 20, 1), [5, 20]);
    const kernel = tf.tensor2d(randomValues(20 * 10, 2), [20, 10]);
    const bias = tf.tensor1d(randomValues(10, 3));
    await expectNoLeaks(() => tf.fused.matMul({ a: x, b: kernel, bias, activation: 'relu' }));
    expectSameAsCpu(() => tf.fused.matMul({ a: x, b: kernel, bias, activation: 'relu' }));
    tf.dispose([x, kernel, bias]);
  });
});
