// A Keras user's first lines in a fresh Node process: build and run a model straight after the
// imports, with no `await tf.ready()` (fovea-wasm initialises synchronously in Node).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('builds and runs a model right after the import, on fovea-wasm', () => {
  const script = `
    import * as tfl from '@tensorflow/tfjs-layers';
    import { Conv2D } from '@foveajs/layers';
    import { tf } from '@foveajs/core';
    const model = tfl.sequential({ layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }),
      new Conv2D({ filters: 4, kernelSize: 3, groups: 2 }),
    ] });
    console.log(tf.getBackend(), model.predict(tf.ones([1, 8, 8, 1])).shape.join('x'));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  expect(output.trim()).toBe('fovea-wasm 1x4x4x4');
});
