// Attribute generators for the kernel fuzzer, one per registered kernel name: hostile attributes
// (zero, negative, fractional and huge strides, dilations and pads; filters larger than inputs;
// empty and one-element dimensions; out-of-range axes) with hostile values (see fuzz_support.ts),
// run through tf.engine().runKernel by the kernel's name and, where tfjs has one, its op-level API.
// A kernel added to register_all_kernels.ts without an entry here is listed by the fuzz test as
// lacking a generator. The layout, indexing and NMS kernels' generators are in layout_fuzzers.ts.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { GROUPED_CONV2D } from '../../src/kernels/FoveaGroupedConv2D.js';
import { dimArb, type FuzzCase, type ResultOutcome, specArb, type TensorSpec } from './fuzz_support.js';
import { LAYOUT_FUZZERS } from './layout_fuzzers.js';

type Attrs = Record<string, unknown>;
const runKernel = (name: string, inputs: Record<string, tf.Tensor> | tf.Tensor[], attrs: Attrs) =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];

const shapeArb = (rank: { min: number; max: number }) => fc.array(dimArb, { minLength: rank.min, maxLength: rank.max });
const shape4Arb: fc.Arbitrary<[number, number, number, number]> = fc.tuple(fc.constantFrom(0, 1, 1, 2), dimArb, dimArb, fc.oneof(dimArb, fc.constantFrom(8, 16)));

/** Strides and dilations: mostly 1–3, sometimes 0, negative, fractional or huge. */
const strideArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31, 1e9, Number.NaN) },
);
const pairArb = fc.oneof(strideArb, fc.tuple(strideArb, strideArb));
const explicitPadArb = fc
  .tuple(fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 4 }))
  .map(([t, b, l, r]) => [[0, 0], [t, b], [l, r], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
const padArb = fc.oneof(fc.constantFrom<'same' | 'valid'>('same', 'valid'), explicitPadArb, fc.integer({ min: 0, max: 2 }));
const roundingArb = fc.constantFrom<'floor' | 'round' | 'ceil' | undefined>(undefined, undefined, undefined, 'floor', 'ceil');
const filterSideArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 9, 12) });
/** The fused activations tfjs's cpu kernels know (fovea-wasm's 'swish' has no cpu twin). */
const activationArb = fc.constantFrom('linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid', undefined);

/**
 * A 0 among strides or dilations: tfjs sizes the output as infinite and its cpu kernels may loop for
 * ever (with another extent empty), so fovea-wasm must refuse it and the cpu is not asked.
 */
const zeroStep = (...steps: unknown[]) => steps.some((s) => (Array.isArray(s) ? s : [s]).includes(0));

/** Shape of one output of a reference result has a negative or non-integer size: a meaningless geometry. */
const meaningless = (reference: ResultOutcome) => reference.outputs.some((o) => o.shape.some((d) => !(Number.isInteger(d) && d >= 0)));

// Elementwise.
function unary(name: string, op: ((x: tf.Tensor) => tf.Tensor) | undefined, attrs: fc.Arbitrary<Attrs> = fc.constant({}), tolerance?: number): fc.Arbitrary<FuzzCase> {
  return fc.record({ x: specArb(shapeArb({ min: 0, max: 4 }), { int32: true }), attrs, viaOp: fc.boolean() }).map(({ x, attrs: a, viaOp }) => ({
    label: `${name} ${viaOp && op ? 'op' : 'kernel'} x [${x.shape}] ${x.dtype} ${x.mode} ${JSON.stringify(a)}`,
    inputs: [x],
    run: ([t]) => (viaOp && op ? op(t!) : runKernel(name, { x: t! }, a)),
    tolerance,
  }));
}

/** Two broadcastable shapes (or not): same, scalar, channel vector, general, mismatched. */
const broadcastPairArb = fc.oneof(
  shapeArb({ min: 0, max: 4 }).map((s) => [s, s] as [number[], number[]]),
  shapeArb({ min: 1, max: 4 }).map((s) => [s, []] as [number[], number[]]),
  shapeArb({ min: 1, max: 4 }).map((s) => [s, s.slice(-1)] as [number[], number[]]),
  fc.tuple(shapeArb({ min: 0, max: 3 }), shapeArb({ min: 0, max: 3 })),
);

function binary(name: string, op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, inputNames: [string, string] = ['a', 'b'], tolerance?: number): fc.Arbitrary<FuzzCase> {
  return fc
    .record({ shapes: broadcastPairArb, swap: fc.boolean(), a: specArb(fc.constant([])), b: specArb(fc.constant([])), viaOp: fc.boolean(), int32: fc.boolean() })
    .map(({ shapes, swap, a, b, viaOp, int32 }) => {
      const [sa, sb] = swap ? [shapes[1], shapes[0]] : shapes;
      const dtype = int32 && name !== 'Prelu' && name !== 'EluGrad' ? 'int32' : 'float32';
      const inputs: TensorSpec[] = [{ ...a, shape: sa, dtype }, { ...b, shape: sb, dtype }];
      return {
        label: `${name} ${viaOp ? 'op' : 'kernel'} [${sa}] ${a.mode} · [${sb}] ${b.mode} ${dtype}`,
        inputs,
        run: ([x, y]) => (viaOp ? op(x!, y!) : runKernel(name, { [inputNames[0]]: x!, [inputNames[1]]: y! }, {})),
        tolerance,
      };
    });
}

// Convolutions.
interface ConvDraw {
  x: [number, number, number, number];
  kh: number;
  kw: number;
  outChannels: number;
  strides: number | number[];
  dilations: number | number[];
  pad: unknown;
  rounding: 'floor' | 'round' | 'ceil' | undefined;
  xSpec: TensorSpec;
  fSpec: TensorSpec;
  extra: TensorSpec;
  activation: string | undefined;
  viaOp: boolean;
}

const convDrawArb: fc.Arbitrary<ConvDraw> = fc.record({
  x: shape4Arb,
  kh: filterSideArb,
  kw: filterSideArb,
  outChannels: fc.oneof(dimArb, fc.constantFrom(16)),
  strides: pairArb,
  dilations: pairArb,
  pad: padArb,
  rounding: roundingArb,
  xSpec: specArb(fc.constant([])),
  fSpec: specArb(fc.constant([])),
  extra: specArb(fc.constant([])),
  activation: activationArb,
  viaOp: fc.boolean(),
});

function describeConv(name: string, d: ConvDraw, via: string): string {
  return `${name} ${via} x [${d.x}] ${d.xSpec.mode}, filter ${d.kh}×${d.kw}→${d.outChannels} ${d.fSpec.mode}, strides ${JSON.stringify(d.strides)}, dilations ${JSON.stringify(d.dilations)}, pad ${JSON.stringify(d.pad)}, rounding ${d.rounding}, activation ${d.activation}`;
}

function conv(name: 'Conv2D' | 'FusedConv2D' | 'DepthwiseConv2dNative' | 'FusedDepthwiseConv2D'): fc.Arbitrary<FuzzCase> {
  const depthwise = name.includes('Depthwise');
  const fused = name.startsWith('Fused');
  return convDrawArb.map((d) => {
    const inC = d.x[3];
    const filterShape = [d.kh, d.kw, inC, depthwise ? Math.min(d.outChannels, 3) : d.outChannels];
    const outC = depthwise ? inC * filterShape[3]! : filterShape[3]!;
    const inputs: TensorSpec[] = [
      { ...d.xSpec, shape: d.x },
      { ...d.fSpec, shape: filterShape },
      { ...d.extra, shape: [outC] },
      { ...d.extra, seed: d.extra.seed + 1, shape: [outC] },
    ];
    const attrs = { strides: d.strides, pad: d.pad, dataFormat: 'NHWC', dilations: d.dilations, dimRoundingMode: d.rounding, activation: d.activation, leakyreluAlpha: 0.3 };
    const viaOp = d.viaOp && typeof d.pad !== 'number';
    return {
      label: describeConv(name, d, viaOp ? 'op' : 'kernel'),
      inputs,
      run: ([x, filter, bias, prelu]) => {
        if (viaOp) {
          const args = [x as tf.Tensor4D, filter as tf.Tensor4D, d.strides as [number, number], d.pad as 'same', 'NHWC', d.dilations as [number, number], d.rounding] as const;
          if (name === 'Conv2D') return tf.conv2d(...args);
          if (name === 'DepthwiseConv2dNative') return tf.depthwiseConv2d(...args);
          const options = { x: args[0], filter: args[1], strides: args[2], pad: args[3], dilations: args[5], dimRoundingMode: args[6], bias, activation: d.activation as tf.fused.Activation, preluActivationWeights: prelu, leakyreluAlpha: 0.3 };
          return name === 'FusedConv2D' ? tf.fused.conv2d(options) : tf.fused.depthwiseConv2d(options);
        }
        const kernelInputs: Record<string, tf.Tensor> = { x: x!, filter: filter! };
        if (fused) {
          kernelInputs['bias'] = bias!;
          if (d.activation === 'prelu') kernelInputs['preluActivationWeights'] = prelu!;
        }
        return runKernel(name, kernelInputs, attrs);
      },
      tolerance: 1e-3,
      cpuHangs: zeroStep(d.strides, d.dilations),
    };
  });
}

function convBackprop(name: 'Conv2DBackpropInput' | 'Conv2DBackpropFilter' | 'DepthwiseConv2dNativeBackpropInput' | 'DepthwiseConv2dNativeBackpropFilter'): fc.Arbitrary<FuzzCase> {
  const depthwise = name.startsWith('Depthwise');
  return fc.record({ d: convDrawArb, dyShape: fc.option(shape4Arb, { nil: undefined }) }).map(({ d, dyShape }) => {
    const inC = d.x[3];
    const filterShape: [number, number, number, number] = [d.kh, d.kw, inC, depthwise ? Math.min(d.outChannels, 3) : d.outChannels];
    // dy of the forward output's shape where tfjs can size it; now and then another shape.
    let dy: number[] | undefined = dyShape;
    if (dy === undefined) {
      try {
        const info = tf.backend_util.computeConv2DInfo(d.x, filterShape, d.strides as number, d.dilations as number, d.pad as 'same', d.rounding, depthwise);
        dy = info.outShape.every((v) => Number.isInteger(v) && v >= 0 && v <= 64) ? info.outShape : [1, 1, 1, 1];
      } catch {
        dy = [1, 1, 1, 1];
      }
    }
    const wrtInput = name.endsWith('Input');
    const inputs: TensorSpec[] = [{ ...d.fSpec, shape: dy }, wrtInput ? { ...d.xSpec, shape: filterShape } : { ...d.xSpec, shape: d.x }];
    const attrs: Attrs = { strides: d.strides, pad: d.pad, dataFormat: 'NHWC', dilations: d.dilations, dimRoundingMode: d.rounding };
    if (wrtInput) attrs['inputShape'] = d.x;
    else attrs['filterShape'] = filterShape;
    // A zero (or tiny) stride makes tfjs's cpu filter gradients loop for ever: ours must refuse it.
    const steps = (v: number | number[]) => (Array.isArray(v) ? v : [v, v]);
    const wholeSteps = (v: number | number[]) => steps(v).length === 2 && steps(v).every((s) => Number.isInteger(s) && s >= 1);
    const cpuHangs = zeroStep(d.strides, depthwise ? d.dilations : 1) || (!wrtInput && !(wholeSteps(d.strides) && (!depthwise || wholeSteps(d.dilations))));
    return {
      label: `${describeConv(name, d, 'kernel')}, dy [${dy}]`,
      inputs,
      run: ([dyT, other]) => runKernel(name, wrtInput ? { dy: dyT!, filter: other! } : { x: other!, dy: dyT! }, attrs),
      tolerance: 1e-3,
      cpuHangs,
    };
  });
}

const groupedArb: fc.Arbitrary<FuzzCase> = fc
  .record({ d: convDrawArb, groups: fc.oneof(fc.constantFrom(1, 2, 4), fc.constantFrom(0, 3, -1, 1.5)) })
  .map(({ d, groups }) => {
    const channels = d.x[3];
    const perGroup = Number.isInteger(groups) && groups > 0 && channels % groups === 0 ? channels / groups : Math.max(1, channels);
    const outC = Math.max(0, Math.round(d.outChannels / 2) * 2);
    const activation = d.activation === 'prelu' ? 'relu' : d.activation;
    const inputs: TensorSpec[] = [
      { ...d.xSpec, shape: d.x },
      { ...d.fSpec, shape: [d.kh, d.kw, perGroup, outC] },
      { ...d.extra, shape: [outC] },
    ];
    const strides = d.strides;
    const dilations = d.dilations;
    const pad = typeof d.pad === 'number' ? 'same' : d.pad;
    return {
      label: `${describeConv(GROUPED_CONV2D, d, 'kernel')}, groups ${groups}`,
      inputs,
      run: ([x, filter, bias]) => runKernel(GROUPED_CONV2D, { x: x!, filter: filter!, bias: bias! }, { strides, pad, dilations, groups, activation }),
      // The cpu has no grouped kernel: the definition, split + conv2d + concat, as @foveajs/layers runs it there.
      reference: ([x, filter, bias]) => {
        if (!Number.isInteger(groups) || groups < 1 || channels % groups !== 0 || outC % groups !== 0) throw new Error(`groups ${groups} does not divide the channels`);
        const xs = tf.split(x!, groups, 3) as tf.Tensor4D[];
        const fs = tf.split(filter!, groups, 3) as tf.Tensor4D[];
        const y = tf.add(tf.concat(xs.map((xg, g) => tf.conv2d(xg, fs[g]!, strides as [number, number], pad as 'same', 'NHWC', dilations as [number, number])), 3), bias!);
        if (activation === 'relu') return tf.relu(y);
        if (activation === 'relu6') return tf.relu6(y);
        if (activation === 'elu') return tf.elu(y);
        if (activation === 'sigmoid') return tf.sigmoid(y);
        if (activation === 'leakyrelu') return tf.leakyRelu(y, 0.2);
        return y;
      },
      // A geometry tfjs sizes with negative or NaN extents, an empty filter, or negative explicit
      // pads (which crop in tf.conv2d): the grouped kernel refuses it with its own error.
      mayRefuse: (reference) => meaningless(reference) || d.kh === 0 || d.kw === 0 || (Array.isArray(pad) && pad.flat().some((p) => p < 0)),
      tolerance: 1e-3,
      cpuHangs: zeroStep(strides, dilations),
    };
  });

// Pooling.
const poolDrawArb = fc.record({
  x: shape4Arb,
  filterSize: fc.oneof(filterSideArb, fc.tuple(filterSideArb, filterSideArb)),
  strides: pairArb,
  pad: fc.oneof(fc.constantFrom<'same' | 'valid'>('same', 'valid'), fc.integer({ min: 0, max: 3 })),
  rounding: roundingArb,
  xSpec: specArb(fc.constant([])),
  dySpec: specArb(fc.constant([])),
  viaOp: fc.boolean(),
});

function pool(name: 'MaxPool' | 'AvgPool'): fc.Arbitrary<FuzzCase> {
  return poolDrawArb.map((d) => ({
    label: `${name} ${d.viaOp ? 'op' : 'kernel'} x [${d.x}] ${d.xSpec.mode}, filter ${JSON.stringify(d.filterSize)}, strides ${JSON.stringify(d.strides)}, pad ${JSON.stringify(d.pad)}, rounding ${d.rounding}`,
    inputs: [{ ...d.xSpec, shape: d.x }],
    run: ([x]) => {
      if (d.viaOp) {
        const op = name === 'MaxPool' ? tf.maxPool : tf.avgPool;
        return op(x as tf.Tensor4D, d.filterSize as [number, number], d.strides as [number, number], d.pad as 'same', d.rounding);
      }
      return runKernel(name, { x: x! }, { filterSize: d.filterSize, strides: d.strides, pad: d.pad, dimRoundingMode: d.rounding });
    },
    cpuHangs: zeroStep(d.strides),
  }));
}

function poolGrad(name: 'MaxPoolGrad' | 'AvgPoolGrad'): fc.Arbitrary<FuzzCase> {
  return poolDrawArb.map((d) => {
    let dy: number[] = [1, 1, 1, 1];
    try {
      const info = tf.backend_util.computePool2DInfo(d.x, d.filterSize as number, d.strides as number, 1, d.pad as 'same', d.rounding);
      if (info.outShape.every((v) => Number.isInteger(v) && v >= 0 && v <= 64)) dy = info.outShape;
    } catch {
      // tfjs cannot size it: any dy.
    }
    const max = name === 'MaxPoolGrad';
    return {
      label: `${name} kernel x [${d.x}] ${d.xSpec.mode}, dy [${dy}] ${d.dySpec.mode}, filter ${JSON.stringify(d.filterSize)}, strides ${JSON.stringify(d.strides)}, pad ${JSON.stringify(d.pad)}`,
      inputs: [{ ...d.dySpec, shape: dy }, { ...d.xSpec, shape: d.x }, { ...d.dySpec, seed: d.dySpec.seed + 1, shape: dy }],
      run: ([dyT, x, output]) =>
        runKernel(name, max ? { dy: dyT!, input: x!, output: output! } : { dy: dyT!, input: x! }, { filterSize: d.filterSize, strides: d.strides, pad: d.pad, dimRoundingMode: d.rounding }),
      cpuHangs: zeroStep(d.strides),
    };
  });
}

// Matmul.
const matmulArb = (name: 'BatchMatMul' | '_FusedMatMul') =>
  fc
    .record({
      batch: fc.oneof(fc.constant<number[]>([]), fc.array(fc.constantFrom(1, 2, 3), { minLength: 1, maxLength: 2 })),
      bBatch: fc.option(fc.array(fc.constantFrom(1, 2), { minLength: 0, maxLength: 2 }), { nil: undefined }),
      m: dimArb,
      k: dimArb,
      k2: fc.option(dimArb, { nil: undefined, freq: 6 }),
      n: fc.oneof(dimArb, fc.constantFrom(9, 17)),
      transposeA: fc.boolean(),
      transposeB: fc.boolean(),
      a: specArb(fc.constant([])),
      b: specArb(fc.constant([])),
      extra: specArb(fc.constant([])),
      activation: activationArb,
      viaOp: fc.boolean(),
    })
    .map((d) => {
      const kb = d.k2 ?? d.k;
      const aShape = [...d.batch, ...(d.transposeA ? [d.k, d.m] : [d.m, d.k])];
      const bShape = [...(d.bBatch ?? d.batch), ...(d.transposeB ? [d.n, kb] : [kb, d.n])];
      return {
        label: `${name} ${d.viaOp ? 'op' : 'kernel'} a [${aShape}] ${d.a.mode} b [${bShape}] ${d.b.mode} tA ${d.transposeA} tB ${d.transposeB} activation ${d.activation}`,
        inputs: [{ ...d.a, shape: aShape }, { ...d.b, shape: bShape }, { ...d.extra, shape: [d.n] }, { ...d.extra, seed: d.extra.seed + 1, shape: [d.n] }],
        run: ([a, b, bias, prelu]) => {
          if (name === 'BatchMatMul') return d.viaOp ? tf.matMul(a!, b!, d.transposeA, d.transposeB) : runKernel(name, { a: a!, b: b! }, { transposeA: d.transposeA, transposeB: d.transposeB });
          if (d.viaOp) {
            return tf.fused.matMul({ a: a!, b: b!, transposeA: d.transposeA, transposeB: d.transposeB, bias, activation: d.activation as tf.fused.Activation, preluActivationWeights: prelu, leakyreluAlpha: 0.3 });
          }
          const inputs: Record<string, tf.Tensor> = { a: a!, b: b!, bias: bias! };
          if (d.activation === 'prelu') inputs['preluActivationWeights'] = prelu!;
          return runKernel(name, inputs, { transposeA: d.transposeA, transposeB: d.transposeB, activation: d.activation, leakyreluAlpha: 0.3 });
        },
        tolerance: 1e-3,
      } satisfies FuzzCase;
    });

// Reductions, softmax, layout, resize, batch norm.
const axisArb = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 0, maxLength: 3 }));

const REDUCTION_OPS = { Max: tf.max, Mean: tf.mean, Min: tf.min, Prod: tf.prod, Sum: tf.sum } as const;

function reduction(name: keyof typeof REDUCTION_OPS): fc.Arbitrary<FuzzCase> {
  return fc.record({ x: specArb(shapeArb({ min: 0, max: 4 }), { int32: true }), axis: axisArb, keepDims: fc.boolean(), viaOp: fc.boolean() }).map((d) => ({
    label: `${name} ${d.viaOp ? 'op' : 'kernel'} x [${d.x.shape}] ${d.x.dtype} ${d.x.mode}, axis ${JSON.stringify(d.axis)}, keepDims ${d.keepDims}`,
    inputs: [d.x],
    run: ([x]) => {
      if (d.viaOp) return REDUCTION_OPS[name](x!, d.axis, d.keepDims);
      return runKernel(name, { x: x! }, name === 'Max' || name === 'Min' ? { reductionIndices: d.axis, keepDims: d.keepDims } : { axis: d.axis, keepDims: d.keepDims });
    },
    tolerance: 1e-3,
  }));
}

const softmaxArb: fc.Arbitrary<FuzzCase> = fc.record({ x: specArb(shapeArb({ min: 1, max: 3 })), dim: fc.constantFrom(-1, -1, 0, 1, 5), viaOp: fc.boolean() }).map((d) => ({
  label: `Softmax ${d.viaOp ? 'op' : 'kernel'} x [${d.x.shape}] ${d.x.mode}, dim ${d.dim}`,
  inputs: [d.x],
  run: ([x]) => (d.viaOp ? tf.softmax(x!, d.dim) : runKernel('Softmax', { logits: x! }, { dim: d.dim })),
  tolerance: 1e-3,
}));

const concatArb: fc.Arbitrary<FuzzCase> = fc
  .record({ base: shapeArb({ min: 1, max: 4 }), count: fc.integer({ min: 1, max: 4 }), axis: fc.integer({ min: -5, max: 5 }), vary: fc.array(dimArb, { minLength: 4, maxLength: 4 }), odd: fc.boolean(), spec: specArb(fc.constant([]), { int32: true }), viaOp: fc.boolean() })
  .map((d) => {
    const axis = ((d.axis % d.base.length) + d.base.length) % d.base.length;
    const inputs = Array.from({ length: d.count }, (_, i) => {
      const shape = [...d.base];
      shape[axis] = d.vary[i]!;
      // Now and then a shape that does not fit the others.
      if (d.odd && i === 1) shape.push(2);
      return { ...d.spec, seed: d.spec.seed + i, shape };
    });
    return {
      label: `Concat ${d.viaOp ? 'op' : 'kernel'} [${inputs.map((s) => `[${s.shape}]`).join(', ')}] ${d.spec.dtype} ${d.spec.mode}, axis ${d.axis}`,
      inputs,
      run: (ts) => (d.viaOp ? tf.concat(ts, d.axis) : runKernel('Concat', ts, { axis: d.axis })),
    };
  });

const padArbV2: fc.Arbitrary<FuzzCase> = fc
  .record({ x: specArb(shapeArb({ min: 1, max: 4 })), pads: fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 3 })), { minLength: 0, maxLength: 5 }), constantValue: fc.constantFrom(0, 1.5, Number.NaN, Number.NEGATIVE_INFINITY), viaOp: fc.boolean() })
  .map((d) => {
    const paddings = d.x.shape.map((_, i) => d.pads[i] ?? [0, 0]);
    return {
      label: `PadV2 ${d.viaOp ? 'op' : 'kernel'} x [${d.x.shape}] ${d.x.mode}, paddings ${JSON.stringify(paddings)}, constant ${d.constantValue}`,
      inputs: [d.x],
      run: ([x]) => (d.viaOp ? tf.pad(x!, paddings as Array<[number, number]>, d.constantValue) : runKernel('PadV2', { x: x! }, { paddings: d.pads.length === paddings.length ? paddings : d.pads, constantValue: d.constantValue })),
    };
  });

const tileArb: fc.Arbitrary<FuzzCase> = fc
  .record({ x: specArb(shapeArb({ min: 1, max: 4 }), { int32: true }), reps: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 0, maxLength: 5 }), viaOp: fc.boolean() })
  .map((d) => ({
    label: `Tile ${d.viaOp ? 'op' : 'kernel'} x [${d.x.shape}] ${d.x.dtype} ${d.x.mode}, reps [${d.reps}]`,
    inputs: [d.x],
    run: ([x]) => (d.viaOp ? tf.tile(x!, d.reps) : runKernel('Tile', { x: x! }, { reps: d.reps })),
  }));

function resize(name: 'ResizeBilinear' | 'ResizeNearestNeighbor'): fc.Arbitrary<FuzzCase> {
  return fc
    .record({ x: specArb(fc.tuple(fc.constantFrom(0, 1, 2), dimArb, dimArb, dimArb)), size: fc.tuple(fc.oneof(dimArb, fc.constantFrom(-1, 13)), fc.oneof(dimArb, fc.constantFrom(-1, 13))), alignCorners: fc.boolean(), halfPixelCenters: fc.boolean(), viaOp: fc.boolean() })
    .map((d) => ({
      label: `${name} ${d.viaOp ? 'op' : 'kernel'} x [${d.x.shape}] ${d.x.mode}, size [${d.size}], alignCorners ${d.alignCorners}, halfPixelCenters ${d.halfPixelCenters}`,
      inputs: [d.x],
      run: ([x]) => {
        if (d.viaOp) return (name === 'ResizeBilinear' ? tf.image.resizeBilinear : tf.image.resizeNearestNeighbor)(x as tf.Tensor4D, d.size, d.alignCorners, d.halfPixelCenters);
        return runKernel(name, { images: x! }, { size: d.size, alignCorners: d.alignCorners, halfPixelCenters: d.halfPixelCenters });
      },
      tolerance: 1e-3,
    }));
}

const resizeGradArb: fc.Arbitrary<FuzzCase> = fc
  .record({ x: specArb(fc.tuple(fc.constantFrom(0, 1, 2), dimArb, dimArb, dimArb)), dy: specArb(fc.constant([])), size: fc.tuple(dimArb, dimArb), alignCorners: fc.boolean() })
  .map((d) => {
    const dyShape = [d.x.shape[0]!, d.size[0], d.size[1], d.x.shape[3]!];
    return {
      label: `ResizeBilinearGrad kernel images [${d.x.shape}], dy [${dyShape}] ${d.dy.mode}, alignCorners ${d.alignCorners}`,
      inputs: [d.x, { ...d.dy, shape: dyShape }],
      run: ([images, dy]) => runKernel('ResizeBilinearGrad', { images: images!, dy: dy! }, { alignCorners: d.alignCorners }),
      // tfjs's cpu kernel labels its (correct) values [batch, width, height, C]; ours are the images' shape.
      reference: ([images, dy]) => tf.reshape(runKernel('ResizeBilinearGrad', { images: images!, dy: dy! }, { alignCorners: d.alignCorners }) as tf.Tensor, images!.shape),
      tolerance: 1e-3,
    };
  });

const batchNormArb: fc.Arbitrary<FuzzCase> = fc
  .record({ x: specArb(shapeArb({ min: 1, max: 4 })), paramSize: fc.constantFrom('channels', 'one', 'other'), spec: specArb(fc.constant([])), withOffset: fc.boolean(), withScale: fc.boolean(), varianceEpsilon: fc.constantFrom(1e-3, 0, -1, Number.NaN), viaOp: fc.boolean() })
  .map((d) => {
    const channels = d.x.shape[d.x.shape.length - 1]!;
    const size = d.paramSize === 'channels' ? channels : d.paramSize === 'one' ? 1 : channels + 1;
    const param = (i: number): TensorSpec => ({ ...d.spec, seed: d.spec.seed + i, shape: [size] });
    return {
      label: `FusedBatchNorm ${d.viaOp ? 'op' : 'kernel'} x [${d.x.shape}] ${d.x.mode}, params [${size}] ${d.spec.mode}, offset ${d.withOffset}, scale ${d.withScale}, epsilon ${d.varianceEpsilon}`,
      inputs: [d.x, param(0), param(1), param(2), param(3)],
      run: ([x, mean, variance, offset, scale]) => {
        if (d.viaOp) return tf.batchNorm(x!, mean!, variance!, d.withOffset ? offset : undefined, d.withScale ? scale : undefined, d.varianceEpsilon);
        const inputs: Record<string, tf.Tensor> = { x: x!, mean: mean!, variance: variance! };
        if (d.withOffset) inputs['offset'] = offset!;
        if (d.withScale) inputs['scale'] = scale!;
        return runKernel('FusedBatchNorm', inputs, { varianceEpsilon: d.varianceEpsilon });
      },
      tolerance: 1e-3,
    };
  });

const alphaArb = fc.constantFrom(0.2, 0, -1, Number.NaN, 1e38).map((alpha) => ({ alpha }));

/** One generator per registered kernel name. */
/** The elementwise math kernels (kernels-wasm's UNARY_OPS), with their tfjs ops; libm-style ones compared at 1e-3. */
const UNARY_MATH: Record<string, [(x: tf.Tensor) => tf.Tensor, number | undefined]> = {
  Abs: [tf.abs, undefined], Acos: [tf.acos, 1e-3], Acosh: [tf.acosh, 1e-3], Asin: [tf.asin, 1e-3], Asinh: [tf.asinh, 1e-3],
  Atan: [tf.atan, 1e-3], Atanh: [tf.atanh, 1e-3], Ceil: [tf.ceil, undefined], Cos: [tf.cos, 1e-3], Cosh: [tf.cosh, 1e-3],
  Erf: [tf.erf, 1e-3], Exp: [tf.exp, 1e-3], Expm1: [tf.expm1, 1e-3], Floor: [tf.floor, undefined], IsFinite: [tf.isFinite, undefined],
  IsInf: [tf.isInf, undefined], IsNan: [tf.isNaN, undefined], Log: [tf.log, 1e-3], Log1p: [tf.log1p, 1e-3], Neg: [tf.neg, undefined],
  Reciprocal: [tf.reciprocal, 1e-3], Round: [tf.round, undefined], Rsqrt: [tf.rsqrt, 1e-3], Selu: [tf.selu, 1e-3], Sign: [tf.sign, undefined],
  Sin: [tf.sin, 1e-3], Sinh: [tf.sinh, 1e-3], Softplus: [tf.softplus, 1e-3], Tan: [tf.tan, 1e-3],
};

/** The broadcasting binary kernels main's BINARY_OPS added, with their tfjs ops. */
const BINARY_MATH: Record<string, [(a: tf.Tensor, b: tf.Tensor) => tf.Tensor, number | undefined]> = {
  Atan2: [tf.atan2, 1e-3], Equal: [tf.equal, undefined], FloorDiv: [tf.floorDiv, undefined], Greater: [tf.greater, undefined],
  GreaterEqual: [tf.greaterEqual, undefined], Less: [tf.less, undefined], LessEqual: [tf.lessEqual, undefined], Maximum: [tf.maximum, undefined],
  Minimum: [tf.minimum, undefined], Mod: [tf.mod, 1e-3], NotEqual: [tf.notEqual, undefined], Pow: [tf.pow, 1e-3],
  SquaredDifference: [tf.squaredDifference, 1e-3],
};

export const KERNEL_FUZZERS: Record<string, fc.Arbitrary<FuzzCase>> = {
  ...LAYOUT_FUZZERS,
  ...Object.fromEntries(Object.entries(UNARY_MATH).map(([name, [op, tolerance]]) => [name, unary(name, op, undefined, tolerance)])),
  ...Object.fromEntries(Object.entries(BINARY_MATH).map(([name, [op, tolerance]]) => [name, binary(name, op, ['a', 'b'], tolerance)])),
  Min: reduction('Min'),
  Prod: reduction('Prod'),
  _FusedMatMul: matmulArb('_FusedMatMul'),
  Add: binary('Add', tf.add),
  AvgPool: pool('AvgPool'),
  AvgPoolGrad: poolGrad('AvgPoolGrad'),
  BatchMatMul: matmulArb('BatchMatMul'),
  ClipByValue: unary('ClipByValue', undefined, fc.tuple(fc.constantFrom(-1, 0, Number.NEGATIVE_INFINITY, Number.NaN, 2), fc.constantFrom(1, 6, Number.POSITIVE_INFINITY, -2)).map(([clipValueMin, clipValueMax]) => ({ clipValueMin, clipValueMax }))),
  Concat: concatArb,
  Conv2D: conv('Conv2D'),
  Conv2DBackpropFilter: convBackprop('Conv2DBackpropFilter'),
  Conv2DBackpropInput: convBackprop('Conv2DBackpropInput'),
  DepthwiseConv2dNative: conv('DepthwiseConv2dNative'),
  DepthwiseConv2dNativeBackpropFilter: convBackprop('DepthwiseConv2dNativeBackpropFilter'),
  DepthwiseConv2dNativeBackpropInput: convBackprop('DepthwiseConv2dNativeBackpropInput'),
  Elu: unary('Elu', tf.elu, undefined, 1e-3),
  EluGrad: binary('EluGrad', (dy, y) => runKernel('EluGrad', { dy, y }, {}) as tf.Tensor, ['dy', 'y'], 1e-3),
  [GROUPED_CONV2D]: groupedArb,
  FusedBatchNorm: batchNormArb,
  FusedConv2D: conv('FusedConv2D'),
  FusedDepthwiseConv2D: conv('FusedDepthwiseConv2D'),
  LeakyRelu: unary('LeakyRelu', undefined, alphaArb),
  Max: reduction('Max'),
  MaxPool: pool('MaxPool'),
  MaxPoolGrad: poolGrad('MaxPoolGrad'),
  Mean: reduction('Mean'),
  Multiply: binary('Multiply', tf.mul),
  PadV2: padArbV2,
  Prelu: binary('Prelu', tf.prelu, ['x', 'alpha']),
  RealDiv: binary('RealDiv', tf.div),
  Relu: unary('Relu', tf.relu),
  Relu6: unary('Relu6', tf.relu6),
  ResizeBilinear: resize('ResizeBilinear'),
  ResizeBilinearGrad: resizeGradArb,
  ResizeNearestNeighbor: resize('ResizeNearestNeighbor'),
  Sigmoid: unary('Sigmoid', tf.sigmoid, undefined, 1e-3),
  Softmax: softmaxArb,
  Sqrt: unary('Sqrt', tf.sqrt),
  Square: unary('Square', tf.square),
  Step: unary('Step', undefined, alphaArb),
  Sub: binary('Sub', tf.sub),
  Sum: reduction('Sum'),
  Tanh: unary('Tanh', tf.tanh, undefined, 1e-3),
  Tile: tileArb,
};
