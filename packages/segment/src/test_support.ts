// Shared by the tests (excluded from the build and the package): run on fovea-wasm, as users do.
import { setBackend, tf } from '@foveajs/core';

export async function useFoveaBackend(): Promise<void> {
  await setBackend('fovea-wasm');
}

/** Max |a − b| over all elements. */
export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0]!;
  d.dispose();
  return v;
}

/** Tensors alive after `fn` ran `times` times, minus before: 0 when `fn` disposes what it makes. */
export async function leakedTensors(fn: () => unknown, times = 3): Promise<number> {
  await fn();
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) await fn();
  return tf.memory().numTensors - before;
}
