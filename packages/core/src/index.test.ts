import * as tfDirect from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { setBackend, tf } from './index.js';

describe('@foveajs/core shares one tfjs engine', () => {
  it('hands out the same engine and tensor class as tfjs-core itself', async () => {
    await setBackend('fovea-wasm');
    expect(tf.engine()).toBe(tfDirect.engine());
    const fromCore = tf.tensor1d([1, -2, 3]);
    // A tensor made through @foveajs/core is a tensor to any other package importing tfjs-core.
    expect(fromCore).toBeInstanceOf(tfDirect.Tensor);
    const sum = tfDirect.add(fromCore, tfDirect.relu(fromCore));
    expect(Array.from(await sum.data())).toEqual([2, -2, 6]);
    expect(tfDirect.getBackend()).toBe('fovea-wasm');
    tf.dispose([fromCore, sum]);
  });
});
