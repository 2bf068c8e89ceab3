import type { BackendName, tf } from '@foveajs/core';

type Tensor = tf.Tensor;

/** What one prediction may return: a classifier's tensor, or a task head's several outputs. */
export type Outputs = Tensor | Tensor[] | Record<string, Tensor>;

/** Anything the cross-backend test can run: a tfjs-layers model, or a model/head wrapped by hand. */
export interface Runnable {
  predict(input: Tensor): Outputs;
  /** Every weight tensor, so the test can set seeded values and check nothing leaks. */
  readonly weights: { read(): Tensor; write(value: Tensor): void; readonly name: string; readonly shape: readonly (number | null)[] }[];
  dispose(): unknown;
}

/** Tolerance for comparing a backend's output with the cpu backend's: |x - ref| <= atol + rtol * |ref|. */
export interface Tolerance {
  rtol: number;
  /** Absolute slack, relative to the largest |ref| of that output (so it scales with logits). */
  atol: number;
}

export interface CrossBackendCase {
  name: string;
  /** Build the model on the current backend, with any weights (the test reseeds them). */
  build: () => Runnable | Promise<Runnable>;
  /** Input shape without the batch dimension, kept small: SwiftShader runs WebGPU on the CPU. */
  inputShape: number[];
  batch?: number;
  tolerance?: Tolerance;
  /** Backends this line leaves out of the default run, each with the reason (printed). */
  skip?: Partial<Record<BackendName, string>>;
}
