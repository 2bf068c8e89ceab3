// Xception (Chollet 2016), layer for layer as keras.applications.xception. Keras leaves the
// residual 1x1 convs, their BNs and the adds unnamed; they get Keras's auto names (conv2d,
// batch_normalization_1, add_2, ...) as in a fresh Keras session.
import { xceptionBlock } from '@foveajs/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { AutoNames, type BuiltModel, call, finish, globalHead, type ModelOptions, type NoWeights, modelInput, resolveOptions } from './common.js';

export function Xception<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  const modelName = 'Xception';
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const input = modelInput(modelName, options, { defaultSize: 299, minSize: 71, requireFlatten: opts.includeTop, weights: opts.weights });
  const auto = new AutoNames();
  const bn = (name: string) => tfl.layers.batchNormalization({ axis: 3, name });
  const relu = (name: string) => tfl.layers.activation({ activation: 'relu', name });
  const sep = (filters: number, name: string) =>
    tfl.layers.separableConv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, name });
  /** The auto names Keras gives a strided block's shortcut conv, its BN and the add. */
  const shortcutNames = () => ({ shortcutConvName: auto.next('conv2d'), shortcutBnName: auto.next('batch_normalization'), addName: auto.next('add') });

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
    x = xceptionBlock(x, { filters, repeats: 2, strides: 2, reluFirst: block !== 2, name: `block${block}`, ...shortcutNames() });
  }

  // Middle flow: 8 identity blocks of three separable convs.
  for (let i = 0; i < 8; i++) {
    x = xceptionBlock(x, { filters: 728, repeats: 3, name: `block${i + 5}`, addName: auto.next('add') });
  }

  // Exit flow.
  x = xceptionBlock(x, { filters: [728, 1024], strides: 2, name: 'block13', ...shortcutNames() });
  x = call(relu('block14_sepconv1_act'), call(bn('block14_sepconv1_bn'), call(sep(1536, 'block14_sepconv1'), x)));
  x = call(relu('block14_sepconv2_act'), call(bn('block14_sepconv2_bn'), call(sep(2048, 'block14_sepconv2'), x)));

  x = globalHead(x, opts, { avg: 'avg_pool', max: 'max_pool' });
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: 'xception' }), opts, modelName);
}
