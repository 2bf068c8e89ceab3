// Xception (Chollet 2016), layer for layer as keras.applications.xception. Keras leaves the
// residual 1x1 convs, their BNs and the adds unnamed; they get Keras's auto names (conv2d,
// batch_normalization_1, add_2, ...) as in a fresh Keras session.
import * as tfl from '@tensorflow/tfjs-layers';
import { AutoNames, type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, resolveOptions } from './common.js';

type T = tfl.SymbolicTensor;

export function Xception<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'Xception';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const input = modelInput(modelName, options, { defaultSize: 299, minSize: 71, requireFlatten: opts.includeTop, weights: opts.weights });
  const auto = new AutoNames();
  const bn = (name?: string) => tfl.layers.batchNormalization({ axis: 3, name: name ?? auto.next('batch_normalization') });
  const relu = (name: string) => tfl.layers.activation({ activation: 'relu', name });
  const sep = (filters: number, name: string) =>
    tfl.layers.separableConv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name });
  const residualConv = (x: T, filters: number): T => {
    const r = call(tfl.layers.conv2d({ filters, kernelSize: 1, strides: 2, padding: 'same', useBias: false, name: auto.next('conv2d') }), x);
    return call(bn(), r);
  };
  const pool = (name: string) => tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name });
  const add = (a: T, b: T): T => call(tfl.layers.add({ name: auto.next('add') }), [a, b]);

  let x = call(tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, useBias: false, name: 'block1_conv1' }), input.image);
  x = call(relu('block1_conv1_act'), call(bn('block1_conv1_bn'), x));
  x = call(tfl.layers.conv2d({ filters: 64, kernelSize: 3, useBias: false, name: 'block1_conv2' }), x);
  x = call(relu('block1_conv2_act'), call(bn('block1_conv2_bn'), x));

  // Entry flow: blocks 2-4 halve the resolution; block 2 starts without a ReLU (Keras's order).
  const entry: [number, number][] = [
    [2, 128],
    [3, 256],
    [4, 728],
  ];
  for (const [block, filters] of entry) {
    const residual = residualConv(x, filters);
    const p = `block${block}`;
    if (block !== 2) x = call(relu(`${p}_sepconv1_act`), x);
    x = call(bn(`${p}_sepconv1_bn`), call(sep(filters, `${p}_sepconv1`), x));
    x = call(relu(`${p}_sepconv2_act`), x);
    x = call(bn(`${p}_sepconv2_bn`), call(sep(filters, `${p}_sepconv2`), x));
    x = call(pool(`${p}_pool`), x);
    x = add(x, residual);
  }

  // Middle flow: 8 identity blocks of three separable convs.
  for (let i = 0; i < 8; i++) {
    const residual = x;
    const p = `block${i + 5}`;
    for (let c = 1; c <= 3; c++) {
      x = call(relu(`${p}_sepconv${c}_act`), x);
      x = call(bn(`${p}_sepconv${c}_bn`), call(sep(728, `${p}_sepconv${c}`), x));
    }
    x = add(x, residual);
  }

  // Exit flow.
  const residual = residualConv(x, 1024);
  x = call(relu('block13_sepconv1_act'), x);
  x = call(bn('block13_sepconv1_bn'), call(sep(728, 'block13_sepconv1'), x));
  x = call(relu('block13_sepconv2_act'), x);
  x = call(bn('block13_sepconv2_bn'), call(sep(1024, 'block13_sepconv2'), x));
  x = call(pool('block13_pool'), x);
  x = add(x, residual);
  x = call(relu('block14_sepconv1_act'), call(bn('block14_sepconv1_bn'), call(sep(1536, 'block14_sepconv1'), x)));
  x = call(relu('block14_sepconv2_act'), call(bn('block14_sepconv2_bn'), call(sep(2048, 'block14_sepconv2'), x)));

  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: 'xception' }), opts, modelName);
}
