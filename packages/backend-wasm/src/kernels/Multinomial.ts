import { type KernelConfig, type KernelFunc, Multinomial, type MultinomialAttrs } from '@tensorflow/tfjs-core';
import { type AleaState, multinomial } from '@foveajs/kernels-wasm';
import seedrandom from 'seedrandom';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(Multinomial);

// The cpu's samples for a seed: seedrandom's Alea seeded here as the cpu seeds it, its draws and
// the softmax / running sums in WASM.
const kernelFunc: KernelFunc = (args) => {
  const logits = input(args.inputs, 'logits');
  if (logits.dtype !== 'float32' || logits.shape.length !== 2) return fallback(args);
  const { numSamples, seed, normalized } = args.attrs as unknown as MultinomialAttrs;
  const [batch, events] = logits.shape as [number, number];
  const state = seedrandom.alea(seed.toString(), { state: true }).state() as AleaState;
  const backend = args.backend as FoveaWasmBackend;
  const out = multinomial(backend.kernels, float32Array(backend, logits), batch, events, numSamples, normalized, state);
  return backend.result([batch, numSamples], 'int32', out);
};

export const multinomialConfig: KernelConfig = { kernelName: Multinomial, backendName: BACKEND_NAME, kernelFunc };
