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

  // Layout and indexing kernels: arguments the WASM kernels refuse run on the cpu kernel, which
  // gives tfjs's own result or error.
  it('BatchToSpaceND with more crops than block axes gives the cpu outcome', () => {
    checkCase({
      label: 'BatchToSpaceND blockShape [1], 3 crops',
      inputs: [spec([2, 1, 2, 5])],
      run: ([x]) => runKernel('BatchToSpaceND', { x: x! }, { blockShape: [1], crops: [[0, 1], [0, 1], [3, 1]] }),
    });
  });

  it('a cpu kernel that throws halfway leaves no block behind (BatchToSpaceND with negative crops)', () => {
    const x = { ...spec([3, 3, 1, 5]), dtype: 'int32' as const };
    checkCase({
      label: 'BatchToSpaceND crops [[3, -1], [3, 1]]',
      inputs: [x],
      run: ([t]) => runKernel('BatchToSpaceND', { x: t! }, { blockShape: [1, 1], crops: [[3, -1], [3, 1]] }),
    });
  });

  it('DepthToSpace with blockSize 0 gives the cpu outcome', () => {
    checkCase({
      label: 'DepthToSpace blockSize 0',
      inputs: [spec([0, 5, 5, 4])],
      run: ([x]) => runKernel('DepthToSpace', { x: x! }, { blockSize: 0, dataFormat: 'NHWC' }),
    });
  });

  it('Fill of a bool with a value other than 0 or 1 stores what the cpu stores', () => {
    for (const value of [1e38, 2, 0.5, 256]) {
      checkCase({ label: `Fill bool ${value}`, inputs: [], run: () => runKernel('Fill', {}, { shape: [2], value, dtype: 'bool' }) });
    }
  });

  it('MirrorPad with more padding pairs than axes gives the cpu outcome', () => {
    checkCase({
      label: 'MirrorPad 2 pairs on a vector',
      inputs: [{ ...spec([2]), dtype: 'int32' }],
      run: ([x]) => runKernel('MirrorPad', { x: x! }, { paddings: [[0, 0], [2, 1]], mode: 'reflect' }),
    });
  });

  it('NMS with a fractional or negative maxOutputSize, or more scores than boxes, gives the cpu outcome', () => {
    checkCase({
      label: 'NonMaxSuppressionV3 maxOutputSize 2.5',
      inputs: [spec([5, 4]), spec([5], 2, 'specials')],
      run: ([boxes, scores]) => runKernel('NonMaxSuppressionV3', { boxes: boxes!, scores: scores! }, { maxOutputSize: 2.5, iouThreshold: 0.5, scoreThreshold: Number.NEGATIVE_INFINITY }),
    });
    checkCase({
      label: 'NonMaxSuppressionV4 maxOutputSize -1',
      inputs: [spec([3, 4]), spec([3], 2)],
      run: ([boxes, scores]) =>
        tf.engine().runKernel('NonMaxSuppressionV4', { boxes: boxes!, scores: scores! } as unknown as tf.NamedTensorMap, {
          maxOutputSize: -1, iouThreshold: 0.3, scoreThreshold: 0, padToMaxOutputSize: true,
        } as unknown as tf.NamedAttrMap) as tf.Tensor[],
    });
    checkCase({
      label: 'NonMaxSuppressionV5 6 scores for 5 boxes',
      inputs: [spec([5, 4], 3, 'huge'), spec([6], 4, 'huge')],
      run: ([boxes, scores]) =>
        tf.engine().runKernel('NonMaxSuppressionV5', { boxes: boxes!, scores: scores! } as unknown as tf.NamedTensorMap, {
          maxOutputSize: 20, iouThreshold: 1, scoreThreshold: 0, softNmsSigma: 0,
        } as unknown as tf.NamedAttrMap) as tf.Tensor[],
    });
  });

  it('Pack and Unpack with an axis out of range throw as on the cpu', () => {
    checkCase({ label: 'Pack scalars axis -3', inputs: [{ ...spec([]), dtype: 'bool' }], run: (ts) => tf.engine().runKernel('Pack', ts as unknown as tf.NamedTensorMap, { axis: -3 }) as tf.Tensor });
    checkCase({ label: 'Unpack [1] axis 2', inputs: [{ ...spec([1]), dtype: 'int32' }], run: ([x]) => tf.engine().runKernel('Unpack', { value: x! }, { axis: 2 }) as unknown as tf.Tensor[] });
  });

  it('Range with a NaN start or step gives the cpu outcome', () => {
    checkCase({ label: 'Range NaN', inputs: [], run: () => runKernel('Range', {}, { start: Number.NaN, stop: -4, step: Number.NaN, dtype: 'float32' }) });
  });

  it('Reverse of a scalar with dims out of range throws as on the cpu', () => {
    checkCase({ label: 'Reverse scalar dims 5', inputs: [spec([])], run: ([x]) => runKernel('Reverse', { x: x! }, { dims: 5 }) });
  });

  it('ScatterNd and TensorScatterUpdate with indices deeper than the shape give the cpu outcome', () => {
    const indices = { ...spec([3, 3]), dtype: 'int32' as const, intRange: [0, 2] as [number, number] };
    checkCase({ label: 'ScatterNd [3, 3] indices into [3]', inputs: [indices, spec([3], 2, 'specials')], run: ([i, u]) => runKernel('ScatterNd', { indices: i!, updates: u! }, { shape: [3] }) });
    checkCase({
      label: 'TensorScatterUpdate [0, 3] indices into [2]',
      inputs: [spec([2], 3, 'huge'), { ...spec([0, 3]), dtype: 'int32' }, spec([0])],
      run: ([t, i, u]) => runKernel('TensorScatterUpdate', { tensor: t!, indices: i!, updates: u! }, {}),
    });
  });

  it('Slice with fewer sizes than axes and SpaceToBatchND with an uneven padding give the cpu outcome', () => {
    checkCase({ label: 'Slice size []', inputs: [{ ...spec([3, 0, 2, 7]), dtype: 'int32' }], run: ([x]) => runKernel('Slice', { x: x! }, { begin: [2, 0, 3], size: [] }) });
    checkCase({ label: 'SpaceToBatchND padded 10 by 3', inputs: [spec([6, 7, 5, 7])], run: ([x]) => runKernel('SpaceToBatchND', { x: x! }, { blockShape: [3], paddings: [[0, 3]] }) });
  });

  it('Transpose by a list that is not a permutation gives the cpu outcome', () => {
    checkCase({ label: 'Transpose perm [-1]', inputs: [{ ...spec([1, 3, 4, 5]), dtype: 'int32' }], run: ([x]) => runKernel('Transpose', { x: x! }, { perm: [-1] }) });
    checkCase({ label: 'Transpose perm [2, -1]', inputs: [{ ...spec([1, 3]), dtype: 'bool' }], run: ([x]) => runKernel('Transpose', { x: x! }, { perm: [2, -1] }) });
  });

  it('filter gradients refuse a zero stride, where the cpu kernel loops for ever', () => {
    checkCase({
      label: 'Conv2DBackpropFilter strides 0',
      inputs: [spec([1, 6, 1, 1]), spec([1, 3, 7, 3], 2, 'tiny')],
      run: ([dy, x]) => runKernel('Conv2DBackpropFilter', { x: x!, dy: dy! }, { strides: 0, pad: [[0, 0], [-1, 4], [1, 1], [0, 0]], dataFormat: 'NHWC', dilations: 1, filterShape: [2, 1, 3, 4] }),
      cpuHangs: true,
    });
    checkCase({
      label: 'DepthwiseConv2dNativeBackpropFilter strides [1, 0]',
      inputs: [spec([1, 4, 4, 2]), spec([1, 4, 4, 2], 2)],
      run: ([dy, x]) => runKernel('DepthwiseConv2dNativeBackpropFilter', { x: x!, dy: dy! }, { strides: [1, 0], pad: 'same', dilations: 1, filterShape: [3, 3, 2, 1] }),
      cpuHangs: true,
    });
  });

  it('convolutions and pooling refuse a zero stride, where the cpu kernel loops for ever beside an empty extent', () => {
    checkCase({
      label: 'DepthwiseConv2dNative x [2, 1, 0, 8], filter 0×1, strides 0',
      inputs: [spec([2, 1, 0, 8]), spec([0, 1, 8, 7], 2, 'huge')],
      run: ([x, filter]) => runKernel('DepthwiseConv2dNative', { x: x!, filter: filter! }, { strides: 0, pad: 0, dataFormat: 'NHWC', dilations: 1 }),
      cpuHangs: true,
    });
    checkCase({
      label: 'MaxPool x [1, 0, 3, 2], strides [0, 1]',
      inputs: [spec([1, 0, 3, 2])],
      run: ([x]) => runKernel('MaxPool', { x: x! }, { filterSize: 2, strides: [0, 1], pad: 'valid' }),
      cpuHangs: true,
    });
  });

  it('GatherV2 with float32 indices reads as the cpu does (NaN at a fractional index)', () => {
    checkCase({
      label: 'GatherV2 float32 index',
      inputs: [spec([3, 4, 1, 6], 1, 'specials'), { ...spec([]), seed: 5 }],
      run: ([x, indices]) => runKernel('GatherV2', { x: x!, indices: indices! }, { axis: 1, batchDims: 0 }),
    });
  });

  it('Tile with negative reps throws as on the cpu', () => {
    checkCase({ label: 'Tile reps [0, -1]', inputs: [spec([5, 7], 1, 'specials')], run: ([x]) => runKernel('Tile', { x: x! }, { reps: [0, -1] }) });
  });

  // Found by a 15-minute run of random seeds.
  it('CropAndResize of an empty image gives the cpu values', () => {
    checkCase({
      label: 'CropAndResize image [0, 1, 1, 1]',
      inputs: [spec([0, 1, 1, 1]), spec([3, 4]), { ...spec([3]), dtype: 'int32', intRange: [-1, 2] }],
      run: ([image, boxes, boxInd]) => runKernel('CropAndResize', { image: image!, boxes: boxes!, boxInd: boxInd! }, { cropSize: [1, 1], method: 'bilinear', extrapolationValue: 0 }),
    });
  });

  it('GatherV2 of empty tensors with a negative batchDims throws as on the cpu', () => {
    checkCase({
      label: 'GatherV2 [0, 0] by [0, 1], batchDims -1',
      inputs: [spec([0, 0]), { ...spec([0, 1]), dtype: 'int32' }],
      run: ([x, indices]) => runKernel('GatherV2', { x: x!, indices: indices! }, { axis: -1, batchDims: -1 }),
    });
  });

  it('Reverse with an axis named twice gives the cpu values', () => {
    checkCase({ label: 'Reverse dims [3, 3]', inputs: [spec([1, 1, 1, 2])], run: ([x]) => runKernel('Reverse', { x: x! }, { dims: [3, 3] }) });
  });

  it('SpaceToBatchND with fewer padding pairs than block axes gives the cpu outcome', () => {
    checkCase({ label: 'SpaceToBatchND blockShape [9, 9], one pair', inputs: [spec([1, 1, 1, 1])], run: ([x]) => runKernel('SpaceToBatchND', { x: x! }, { blockShape: [9, 9], paddings: [[0, 0]] }) });
  });

  it('SplitV with a negative size throws as on the cpu', () => {
    checkCase({
      label: 'SplitV [3, 1, -3, 1] of 2',
      inputs: [spec([2, 0])],
      run: ([x]) => tf.engine().runKernel('SplitV', { x: x! }, { numOrSizeSplits: [3, 1, -3, 1], axis: 0 } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[],
    });
  });
});
