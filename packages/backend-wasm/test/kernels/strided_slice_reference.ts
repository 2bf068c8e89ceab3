// StridedSlice by TensorFlow's definition, for the tests that meet tfjs's cpu kernel where it is
// wrong (StridedSlice.test.ts and the kernel fuzzer).
import * as tf from '@tensorflow/tfjs-core';

export interface StridedSliceArgs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

const info = (shape: number[], a: StridedSliceArgs) =>
  tf.slice_util.sliceInfo(shape, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);

/**
 * tfjs's cpu kernel indexes x with the final shape's coordinates on its general path, which is
 * wrong once an axis is shrunk (x[2:0:-2, 0] of a 3×3 returns x[0, 2], or throws); true where it
 * takes another path and is right.
 */
export function cpuSlicesRight(shape: number[], a: StridedSliceArgs): boolean {
  const i = info(shape, a);
  return i.isIdentity || i.sliceDim0 || i.isSimpleSlice || i.finalShapeSparse.length === shape.length;
}

/** A direct loop over sliceInfo's dense begin and strides: TensorFlow's definition. */
export function directStridedSlice(x: tf.Tensor, a: StridedSliceArgs): tf.Tensor {
  const shape = x.shape;
  const i = info(shape, a);
  const values = x.dataSync();
  const sizes = shape.map((_, axis) => {
    const length = i.end[axis]! - i.begin[axis]!;
    const step = i.strides[axis]!;
    return length === 0 || length < 0 !== step < 0 ? 0 : Math.ceil(Math.abs(length / step));
  });
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((p, d) => p * d, 1));
  const out: number[] = [];
  const walk = (axis: number, at: number): void => {
    if (axis === shape.length) {
      out.push(values[at]!);
      return;
    }
    for (let k = 0; k < sizes[axis]!; k++) walk(axis + 1, at + (i.begin[axis]! + k * i.strides[axis]!) * strides[axis]!);
  };
  walk(0, 0);
  return tf.tensor(out, i.finalShape, x.dtype);
}
