import { KernelArgumentError } from './checks.js';
/** Activation codes understood by the kernels' fused epilogues (assembly/activation.ts). */
export const ACTIVATION = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  leakyrelu: 4,
  prelu: 5,
  sigmoid: 6,
  /** x · sigmoid(x) (Keras's swish / SiLU): not a tfjs fused activation; fovea-wasm's kernels take it. */
  swish: 7,
} as const;

export type ActivationName = keyof typeof ACTIVATION;

export function activationCode(name: string | undefined | null): number {
  const key = (name ?? 'linear') as ActivationName;
  const code = ACTIVATION[key];
  if (code === undefined) {
    throw new KernelArgumentError(`activation: got '${name}', expected one of ${Object.keys(ACTIVATION).join(', ')}`);
  }
  return code;
}
