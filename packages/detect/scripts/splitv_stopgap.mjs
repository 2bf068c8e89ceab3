// A stopgap for training speed, used only by the training script: fovea-wasm runs tfjs's cpu SplitV
// (the gradient of every Concatenate), which copies element by element through generic index
// arithmetic and took 2/3 of a training step. Until fovea-wasm registers its own SplitV (branch
// kernels-layout), this one copies each output's contiguous runs with TypedArray.set. It is
// registered only when fovea-wasm has no SplitV of its own.
import { foveaKernelConfigs } from '@foveajs/backend-wasm';
import { tf } from '@foveajs/core';

export function installSplitVStopgap() {
  if (foveaKernelConfigs.some((k) => k.kernelName === 'SplitV')) return false;
  const backendName = 'fovea-wasm';
  tf.unregisterKernel('SplitV', backendName);
  tf.registerKernel({
    kernelName: 'SplitV',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const x = inputs.x;
      const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
      const sizes = tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
      const values = backend.readSync(x.dataId);
      const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
      const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
      const row = x.shape[axis] * inner;
      let offset = 0;
      return sizes.map((size) => {
        const width = size * inner;
        const out = new values.constructor(outer * width);
        for (let o = 0; o < outer; o++) out.set(values.subarray(o * row + offset, o * row + offset + width), o * width);
        offset += width;
        const shape = [...x.shape];
        shape[axis] = size;
        return backend.makeTensorInfo(shape, x.dtype, out);
      });
    },
  });
  return true;
}
