// Generators for the layout, indexing, selection and NMS kernels (kernel_fuzzers.ts has the
// arithmetic, convolution and pooling ones; the two tables are one list, KERNEL_FUZZERS). These
// kernels move float32, int32 and bool data by index, so the hostile part is mostly geometry:
// out-of-range and negative indices, axes, block sizes, crops and paddings, sizes that do not
// divide, empty tensors, and index tensors pointing outside their data.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { cpuSlicesRight, directStridedSlice } from '../kernels/strided_slice_reference.js';
import { dimArb, type FuzzCase, indexSpecArb, specArb, type TensorSpec } from './fuzz_support.js';

type Attrs = Record<string, unknown>;
const runKernel = (name: string, inputs: Record<string, tf.Tensor> | tf.Tensor[], attrs: Attrs) =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];

const shapeArb = (min: number, max: number) => fc.array(dimArb, { minLength: min, maxLength: max });
/** Any numeric dtype the layout kernels move, with hostile float values. */
const dataArb = (min: number, max: number) => specArb(shapeArb(min, max), { int32: true, bool: true });
/** Small whole numbers with the hostile ones: 0, negative, larger than any dimension, fractional. */
const smallIntArb = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 2, arbitrary: fc.constantFrom(0, -1, -2, 9, 1.5) });
const axisArb = fc.integer({ min: -5, max: 5 });

const label = (name: string, specs: TensorSpec[], attrs: Attrs) =>
  `${name} ${specs.map((s) => `[${s.shape}] ${s.dtype ?? 'float32'} ${s.mode}`).join(', ')} ${JSON.stringify(attrs)}`;

/** A case that runs `name` by runKernel, one tensor input per name, with `attrs`. */
function kernelCase(name: string, inputNames: string[], specs: TensorSpec[], attrs: Attrs, tolerance?: number): FuzzCase {
  return {
    label: label(name, specs, attrs),
    inputs: specs,
    run: (ts) => runKernel(name, Object.fromEntries(inputNames.map((n, i) => [n, ts[i]!])), attrs),
    tolerance,
  };
}

const unaryLayout = (name: string) => dataArb(0, 5).map((x) => kernelCase(name, ['x'], [x], {}));

const blockArb = fc.array(smallIntArb, { minLength: 0, maxLength: 3 });
const pairsArb = fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 })), { minLength: 0, maxLength: 3 });

const batchToSpaceArb = fc.record({ x: dataArb(1, 4), blockShape: blockArb, crops: pairsArb, batch: fc.constantFrom(1, 2, 4, 6, 0, 3) }).map((d) => {
  const x = { ...d.x, shape: [d.batch, ...d.x.shape.slice(1)] };
  return kernelCase('BatchToSpaceND', ['x'], [x], { blockShape: d.blockShape, crops: d.crops });
});

const spaceToBatchArb = fc
  .record({ x: dataArb(1, 4), blockShape: blockArb, paddings: pairsArb })
  .map((d) => kernelCase('SpaceToBatchND', ['x'], [d.x], { blockShape: d.blockShape, paddings: d.paddings }));

const castArb = fc
  .record({ x: dataArb(0, 4), dtype: fc.constantFrom('float32', 'int32', 'bool', 'float32', 'int32', 'complex64', 'string') })
  .map((d) => kernelCase('Cast', ['x'], [d.x], { dtype: d.dtype }));

const cropAndResizeArb = fc
  .record({
    image: specArb(fc.tuple(fc.constantFrom(0, 1, 2), dimArb, dimArb, dimArb)),
    boxCount: fc.constantFrom(0, 1, 3),
    boxes: specArb(fc.constant([])),
    boxInd: fc.integer(),
    boxIndRange: fc.constantFrom<[number, number]>([0, 0], [0, 1], [-1, 2]),
    cropSize: fc.tuple(fc.oneof(dimArb, fc.constantFrom(-1, 1.5)), fc.oneof(dimArb, fc.constantFrom(-1, 1.5))),
    method: fc.constantFrom('bilinear', 'nearest', 'bilinear', 'bicubic'),
    extrapolationValue: fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY),
  })
  .map((d) => {
    const boxes: TensorSpec = { ...d.boxes, shape: [d.boxCount, 4] };
    const boxInd: TensorSpec = { shape: [d.boxCount], seed: d.boxInd, mode: 'ordinary', dtype: 'int32', intRange: d.boxIndRange };
    return kernelCase('CropAndResize', ['image', 'boxes', 'boxInd'], [d.image, boxes, boxInd], { cropSize: d.cropSize, method: d.method, extrapolationValue: d.extrapolationValue }, 1e-3);
  });

const depthToSpaceArb = fc
  .record({ x: specArb(fc.tuple(fc.constantFrom(0, 1, 2), dimArb, dimArb, fc.constantFrom(0, 1, 4, 8, 9, 6)), { int32: true, bool: true }), blockSize: smallIntArb, dataFormat: fc.constantFrom('NHWC', 'NHWC', 'NCHW') })
  .map((d) => kernelCase('DepthToSpace', ['x'], [d.x], { blockSize: d.blockSize, dataFormat: d.dataFormat }));

const expandDimsArb = fc.record({ x: dataArb(0, 4), dim: axisArb }).map((d) => kernelCase('ExpandDims', ['input'], [d.x], { dim: d.dim }));

const fillArb = fc
  .record({ shape: fc.array(fc.oneof(dimArb, fc.constantFrom(-1, 1.5)), { minLength: 0, maxLength: 4 }), value: fc.constantFrom(0, 1, -2.5, Number.NaN, Number.POSITIVE_INFINITY, 1e38, 3e9), dtype: fc.constantFrom('float32', 'int32', 'bool') })
  .map((d) => kernelCase('Fill', [], [], { shape: d.shape, value: d.value, dtype: d.dtype }));

const flipArb = specArb(fc.tuple(fc.constantFrom(0, 1, 2), dimArb, dimArb, dimArb), { int32: true }).map((x) => kernelCase('FlipLeftRight', ['image'], [x], {}));

const gatherNdArb = fc
  .record({ params: dataArb(1, 4), outer: shapeArb(0, 2), depth: fc.integer({ min: 0, max: 5 }), seed: fc.integer(), low: fc.constantFrom(0, 0, -1), high: fc.constantFrom(1, 2, 6) })
  .map((d) => {
    const indices: TensorSpec = { shape: [...d.outer, d.depth], seed: d.seed, mode: 'ordinary', dtype: 'int32', intRange: [d.low, d.high] };
    return kernelCase('GatherNd', ['params', 'indices'], [d.params, indices], {});
  });

const gatherV2Arb = fc
  .record({ x: dataArb(1, 4), indices: indexSpecArb(shapeArb(0, 2), -1, 6), asFloat: fc.boolean(), axis: axisArb, batchDims: fc.constantFrom(0, 0, 0, 1, -1, 2) })
  .map((d) => {
    const indices: TensorSpec = d.asFloat ? { ...d.indices, dtype: 'float32', mode: 'ordinary' } : d.indices;
    return kernelCase('GatherV2', ['x', 'indices'], [d.x, indices], { axis: d.axis, batchDims: d.batchDims });
  });

const linSpaceArb = fc
  .record({ start: fc.constantFrom(0, -3, 1e38, Number.NaN), stop: fc.constantFrom(1, 10, -1e38, Number.POSITIVE_INFINITY), num: fc.constantFrom(0, 1, 2, 7, -1, 2.5) })
  .map((d) => kernelCase('LinSpace', [], [], d));

const mirrorPadArb = fc
  .record({ x: dataArb(1, 4), pads: fc.array(fc.tuple(fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 4 })), { minLength: 0, maxLength: 5 }), mode: fc.constantFrom('reflect', 'symmetric') })
  .map((d) => {
    const paddings = d.x.shape.map((_, i) => d.pads[i] ?? [0, 0]);
    return kernelCase('MirrorPad', ['x'], [d.x], { paddings: d.pads.length > d.x.shape.length ? d.pads : paddings, mode: d.mode });
  });

function nms(name: 'NonMaxSuppressionV3' | 'NonMaxSuppressionV4' | 'NonMaxSuppressionV5'): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      count: fc.constantFrom(0, 1, 2, 5, 12),
      boxes: specArb(fc.constant([])),
      scores: specArb(fc.constant([])),
      maxOutputSize: fc.constantFrom(0, 1, 3, 20, -1, 2.5),
      iouThreshold: fc.constantFrom(0.5, 0, 1, 0.3, -0.1, 1.5, Number.NaN),
      scoreThreshold: fc.constantFrom(Number.NEGATIVE_INFINITY, 0, 0.5, Number.NaN),
      padToMaxOutputSize: fc.boolean(),
      softNmsSigma: fc.constantFrom(0, 0.5, -1, 1e-30, Number.NaN),
      oddScores: fc.boolean(),
    })
    .map((d) => {
      const boxes: TensorSpec = { ...d.boxes, shape: [d.count, 4] };
      const scores: TensorSpec = { ...d.scores, shape: [d.oddScores ? d.count + 1 : d.count] };
      const attrs: Attrs = { maxOutputSize: d.maxOutputSize, iouThreshold: d.iouThreshold, scoreThreshold: d.scoreThreshold };
      if (name === 'NonMaxSuppressionV4') attrs['padToMaxOutputSize'] = d.padToMaxOutputSize;
      if (name === 'NonMaxSuppressionV5') attrs['softNmsSigma'] = d.softNmsSigma;
      return kernelCase(name, ['boxes', 'scores'], [boxes, scores], attrs, 1e-4);
    });
}

const oneHotArb = fc
  .record({ indices: indexSpecArb(shapeArb(0, 3), -2, 6), depth: fc.constantFrom(0, 1, 3, 5, -1), onValue: fc.constantFrom(1, -2, Number.NaN), offValue: fc.constantFrom(0, 0.5), dtype: fc.constantFrom('int32', 'float32') })
  .map((d) => kernelCase('OneHot', ['indices'], [d.indices], { depth: d.depth, onValue: d.onValue, offValue: d.offValue, dtype: d.dtype }));

const packArb = fc
  .record({ base: dataArb(0, 3), count: fc.integer({ min: 1, max: 3 }), axis: axisArb, odd: fc.boolean() })
  .map((d) => {
    const specs = Array.from({ length: d.count }, (_, i) => ({ ...d.base, seed: d.base.seed + i, shape: d.odd && i === 1 ? [...d.base.shape, 2] : d.base.shape }));
    return { label: label('Pack', specs, { axis: d.axis }), inputs: specs, run: (ts: tf.Tensor[]) => runKernel('Pack', ts, { axis: d.axis }) } satisfies FuzzCase;
  });

const rangeArb = fc
  .record({ start: fc.constantFrom(0, 3, -2.5, Number.NaN), stop: fc.constantFrom(0, 5, -4, 1e9, Number.POSITIVE_INFINITY), step: fc.constantFrom(1, -1, 0.5, 0, 2, Number.NaN), dtype: fc.constantFrom('float32', 'int32') })
  // A range of 1e9 or unbounded elements exhausts memory on both backends: not a geometry to compare.
  .filter((d) => !(Math.abs((d.stop - d.start) / d.step) > 1e6))
  .map((d) => kernelCase('Range', [], [], d));

const reshapeArb = fc
  .record({ x: dataArb(0, 4), shape: fc.array(fc.oneof(dimArb, fc.constantFrom(-1, -1, -2, 1.5, 6)), { minLength: 0, maxLength: 4 }) })
  .map((d) => kernelCase('Reshape', ['x'], [d.x], { shape: d.shape }));

const reverseArb = fc
  .record({ x: dataArb(0, 4), dims: fc.oneof(axisArb, fc.array(axisArb, { minLength: 0, maxLength: 3 })) })
  .map((d) => kernelCase('Reverse', ['x'], [d.x], { dims: d.dims }));

const scatterNdArb = fc
  .record({ shape: fc.array(fc.oneof(dimArb, fc.constantFrom(-1)), { minLength: 1, maxLength: 3 }), updateCount: fc.constantFrom(0, 1, 3), depth: fc.integer({ min: 1, max: 3 }), indexSeed: fc.integer(), high: fc.constantFrom(1, 3, 8), low: fc.constantFrom(0, 0, -1), updates: specArb(fc.constant([]), { int32: true }), oddUpdates: fc.boolean() })
  .map((d) => {
    const indices: TensorSpec = { shape: [d.updateCount, d.depth], seed: d.indexSeed, mode: 'ordinary', dtype: 'int32', intRange: [d.low, d.high] };
    const sliceShape = d.shape.slice(d.depth);
    const updates: TensorSpec = { ...d.updates, shape: [d.updateCount + (d.oddUpdates ? 1 : 0), ...sliceShape] };
    return kernelCase('ScatterNd', ['indices', 'updates'], [indices, updates], { shape: d.shape });
  });

const tensorScatterArb = fc
  .record({ tensor: dataArb(1, 3), updateCount: fc.constantFrom(0, 1, 3), depth: fc.integer({ min: 1, max: 3 }), indexSeed: fc.integer(), high: fc.constantFrom(1, 3, 8), low: fc.constantFrom(0, 0, -1), updates: specArb(fc.constant([])), oddUpdates: fc.boolean() })
  .map((d) => {
    const indices: TensorSpec = { shape: [d.updateCount, d.depth], seed: d.indexSeed, mode: 'ordinary', dtype: 'int32', intRange: [d.low, d.high] };
    const updates: TensorSpec = { ...d.updates, dtype: d.tensor.dtype, shape: [d.updateCount + (d.oddUpdates ? 1 : 0), ...d.tensor.shape.slice(d.depth)] };
    return kernelCase('TensorScatterUpdate', ['tensor', 'indices', 'updates'], [d.tensor, indices, updates], {});
  });

const selectArb = fc
  .record({ t: dataArb(0, 3), condRank: fc.constantFrom('same', 'rows', 'scalar', 'other'), seed: fc.integer(), eOdd: fc.boolean() })
  .map((d) => {
    const shape = d.t.shape;
    const condShape = d.condRank === 'same' ? shape : d.condRank === 'rows' ? shape.slice(0, 1) : d.condRank === 'scalar' ? [] : [...shape, 2];
    const condition: TensorSpec = { shape: condShape, seed: d.seed, mode: 'ordinary', dtype: 'bool' };
    const e: TensorSpec = { ...d.t, seed: d.t.seed + 1, shape: d.eOdd ? [...shape, 2] : shape };
    const fuzzCase = kernelCase('Select', ['condition', 't', 'e'], [condition, d.t, e], {});
    if (d.condRank !== 'rows' || d.eOdd || shape.length < 2) return fuzzCase;
    // A condition per row picks whole rows (TensorFlow's Select). tfjs's cpu kernel reads t[row] and
    // e[row] for every element of the row instead; tf.where never meets that, as it broadcasts the
    // condition first. The reference is the definition: the broadcast condition, element by element.
    return {
      ...fuzzCase,
      reference: ([c, t, e]: tf.Tensor[]) => {
        const full = tf.broadcastTo(tf.reshape(c!, [shape[0]!, ...shape.slice(1).map(() => 1)]), shape);
        return runKernel('Select', { condition: full, t: t!, e: e! }, {});
      },
    } satisfies FuzzCase;
  });

const sliceArb = fc
  .record({ x: dataArb(0, 4), begin: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 0, maxLength: 5 }), size: fc.array(fc.integer({ min: -2, max: 4 }), { minLength: 0, maxLength: 5 }) })
  .map((d) => kernelCase('Slice', ['x'], [d.x], { begin: d.begin, size: d.size }));

const splitArb = fc
  .record({ x: dataArb(1, 4), splits: fc.oneof(fc.constantFrom(1, 2, 3, 0, -1), fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 1, maxLength: 4 })), axis: axisArb })
  .map((d) => {
    const axis = ((d.axis % d.x.shape.length) + d.x.shape.length) % d.x.shape.length;
    const size = d.x.shape[axis]!;
    // SplitV takes explicit sizes: a count becomes equal parts (or a list that does not add up).
    const { splits } = d;
    const sizeSplits = typeof splits === 'number' ? Array.from({ length: Math.max(splits, 1) }, () => (splits > 0 ? Math.floor(size / splits) : -1)) : splits;
    return kernelCase('SplitV', ['x'], [d.x], { numOrSizeSplits: sizeSplits, axis: d.axis });
  });

const stridedSliceArb = fc
  .record({
    x: dataArb(0, 4),
    begin: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 0, maxLength: 5 }),
    end: fc.array(fc.integer({ min: -5, max: 6 }), { minLength: 0, maxLength: 5 }),
    strides: fc.array(fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constant(1)), { minLength: 0, maxLength: 5 }),
    beginMask: fc.integer({ min: 0, max: 31 }),
    endMask: fc.integer({ min: 0, max: 31 }),
    ellipsisMask: fc.constantFrom(0, 0, 0, 1, 2, 3),
    newAxisMask: fc.constantFrom(0, 0, 0, 1, 4),
    shrinkAxisMask: fc.constantFrom(0, 0, 0, 1, 2, 5),
  })
  .map(({ x, ...attrs }) => {
    const fuzzCase = kernelCase('StridedSlice', ['x'], [x], attrs);
    let cpuRight = true;
    try {
      cpuRight = cpuSlicesRight(x.shape, attrs);
    } catch {
      // sliceInfo refuses the masks: both backends throw its error.
    }
    // Where tfjs's cpu kernel indexes wrongly (a shrunk axis on its general path), TensorFlow's definition.
    return cpuRight ? fuzzCase : { ...fuzzCase, reference: ([t]: tf.Tensor[]) => directStridedSlice(t!, attrs) };
  });

const topKArb = fc
  .record({ x: specArb(shapeArb(0, 3), { int32: true }), k: fc.constantFrom(0, 1, 2, 5, 9, -1), sorted: fc.boolean() })
  .map((d) => {
    const fuzzCase = kernelCase('TopK', ['x'], [d.x], { k: d.k, sorted: d.sorted });
    if (d.sorted) return fuzzCase;
    // Unsorted, the order is the implementation's: compare the values sorted and which indices were picked.
    const n = d.x.shape[d.x.shape.length - 1] ?? 0;
    return {
      ...fuzzCase,
      run: (ts: tf.Tensor[]) => {
        const [values, indices] = fuzzCase.run(ts) as tf.Tensor[];
        return [tf.topk(values!, d.k).values, tf.sum(tf.oneHot(indices!, n), -2)];
      },
    } satisfies FuzzCase;
  });

const transposeArb = fc
  .record({ x: dataArb(0, 4), perm: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: 0, maxLength: 4 }), permute: fc.boolean() })
  .map((d) => {
    // Mostly a real permutation of the axes; otherwise the drawn list (repeats, out of range, too short).
    const rank = d.x.shape.length;
    const perm = d.permute ? [...Array(rank).keys()].sort((a, b) => ((d.perm[a] ?? a) - (d.perm[b] ?? b)) || a - b) : d.perm;
    return kernelCase('Transpose', ['x'], [d.x], { perm });
  });

const unpackArb = fc.record({ x: dataArb(1, 4), axis: axisArb }).map((d) => kernelCase('Unpack', ['value'], [d.x], { axis: d.axis }));

/** One generator per layout, indexing and NMS kernel name. */
export const LAYOUT_FUZZERS: Record<string, fc.Arbitrary<FuzzCase>> = {
  BatchToSpaceND: batchToSpaceArb,
  Cast: castArb,
  CropAndResize: cropAndResizeArb,
  DepthToSpace: depthToSpaceArb,
  ExpandDims: expandDimsArb,
  Fill: fillArb,
  FlipLeftRight: flipArb,
  GatherNd: gatherNdArb,
  GatherV2: gatherV2Arb,
  Identity: unaryLayout('Identity'),
  LinSpace: linSpaceArb,
  MirrorPad: mirrorPadArb,
  NonMaxSuppressionV3: nms('NonMaxSuppressionV3'),
  NonMaxSuppressionV4: nms('NonMaxSuppressionV4'),
  NonMaxSuppressionV5: nms('NonMaxSuppressionV5'),
  OneHot: oneHotArb,
  OnesLike: unaryLayout('OnesLike'),
  Pack: packArb,
  Range: rangeArb,
  Reshape: reshapeArb,
  Reverse: reverseArb,
  ScatterNd: scatterNdArb,
  Select: selectArb,
  Slice: sliceArb,
  SpaceToBatchND: spaceToBatchArb,
  SplitV: splitArb,
  StridedSlice: stridedSliceArb,
  TensorScatterUpdate: tensorScatterArb,
  TopK: topKArb,
  Transpose: transposeArb,
  Unpack: unpackArb,
  ZerosLike: unaryLayout('ZerosLike'),
};
