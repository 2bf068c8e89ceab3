// What the kernel fuzzer found, kept as fixed cases: each gave a result other than the cpu's (or
// none where the cpu had one) before its fix. Every case runs on both backends through checkCase,
// so it also checks the heap, the tensor count and the canary afterwards.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { GROUPED_CONV2D } from '../../src/kernels/FoveaGroupedConv2D.js';
import { FOVEA } from '../kernels/compare.js';
import { checkCase, type TensorSpec } from './fuzz_support.js';

const runKernel = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>) =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;

const spec = (shape: number[], seed = 1, mode: TensorSpec['mode'] = 'ordinary'): TensorSpec => ({ shape, seed, mode });

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.setBackend(FOVEA);
});

describe('kernel fuzzer findings', () => {
  it('ClipByValue with its bounds the wrong way round gives the cpu values', () => {
    checkCase({
      label: 'ClipByValue min 2 > max -2',
      inputs: [spec([2, 5], 3, 'specials')],
      run: ([x]) => runKernel('ClipByValue', { x: x! }, { clipValueMin: 2, clipValueMax: -2 }),
    });
  });

  it('ClipByValue with a NaN bound gives the cpu values', () => {
    checkCase({
      label: 'ClipByValue min NaN',
      inputs: [spec([7], 4)],
      run: ([x]) => runKernel('ClipByValue', { x: x! }, { clipValueMin: Number.NaN, clipValueMax: 1 }),
    });
  });

  it('a depthwise conv with strides and dilations both above 1 throws as on the cpu', () => {
    checkCase({
      label: 'DepthwiseConv2dNative strides 2 dilations 2',
      inputs: [spec([1, 6, 6, 2]), spec([2, 2, 2, 1], 2)],
      run: ([x, filter]) => runKernel('DepthwiseConv2dNative', { x: x!, filter: filter! }, { strides: 2, dilations: 2, pad: 'valid', dataFormat: 'NHWC' }),
    });
  });

  it('a grouped conv with strides and dilations both above 1 throws as tf.conv2d does', () => {
    checkCase({
      label: `${GROUPED_CONV2D} strides 2 dilations 2`,
      inputs: [spec([1, 6, 6, 4]), spec([2, 2, 2, 4], 2), spec([4], 3)],
      run: ([x, filter, bias]) => runKernel(GROUPED_CONV2D, { x: x!, filter: filter!, bias: bias! }, { strides: 2, pad: 'valid', dilations: 2, groups: 2 }),
      reference: ([x, filter]) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'valid', 'NHWC', 2),
    });
  });

  it('PadV2 with a negative padding gives the cpu result or error', () => {
    checkCase({
      label: 'PadV2 paddings [[1, -1], [0, 2]]',
      inputs: [spec([3, 4], 5)],
      run: ([x]) => runKernel('PadV2', { x: x! }, { paddings: [[1, -1], [0, 2]], constantValue: 0 }),
    });
  });

  it('PadV2 with fewer padding pairs than axes gives the cpu result or error', () => {
    checkCase({
      label: 'PadV2 paddings [[1, 1]] on a matrix',
      inputs: [spec([3, 4], 6)],
      run: ([x]) => runKernel('PadV2', { x: x! }, { paddings: [[1, 1]], constantValue: 2 }),
    });
  });

  it('ResizeBilinear with both alignCorners and halfPixelCenters gives the cpu values', () => {
    checkCase({
      label: 'ResizeBilinear alignCorners and halfPixelCenters',
      inputs: [spec([1, 3, 4, 2], 7)],
      run: ([x]) => runKernel('ResizeBilinear', { images: x! }, { size: [5, 7], alignCorners: true, halfPixelCenters: true }),
      tolerance: 1e-3,
    });
  });

  it('ResizeNearestNeighbor to a fractional size gives the cpu result or error', () => {
    checkCase({
      label: 'ResizeNearestNeighbor size [2.5, 3]',
      inputs: [spec([1, 3, 4, 2], 8)],
      run: ([x]) => runKernel('ResizeNearestNeighbor', { images: x! }, { size: [2.5, 3], alignCorners: false, halfPixelCenters: false }),
    });
  });

  it('ResizeBilinearGrad of empty images is empty, in the images shape', () => {
    checkCase({
      label: 'ResizeBilinearGrad images [0, 0, 5, 0]',
      inputs: [spec([0, 0, 5, 0]), spec([0, 6, 4, 0], 9)],
      run: ([images, dy]) => runKernel('ResizeBilinearGrad', { images: images!, dy: dy! }, { alignCorners: false }),
      // The cpu kernel labels its result [batch, width, height, C]: its values in the images' shape.
      reference: ([images, dy]) => tf.reshape(runKernel('ResizeBilinearGrad', { images: images!, dy: dy! }, { alignCorners: false }), images!.shape),
    });
  });

  it('ResizeBilinearGrad of an empty dy is zeros in the images shape', () => {
    checkCase({
      label: 'ResizeBilinearGrad images [1, 3, 2, 2], dy [1, 0, 4, 2]',
      inputs: [spec([1, 3, 2, 2]), spec([1, 0, 4, 2], 10)],
      run: ([images, dy]) => runKernel('ResizeBilinearGrad', { images: images!, dy: dy! }, { alignCorners: true }),
      reference: ([images]) => tf.zerosLike(images!),
    });
  });
});
