// VGG16/VGG19 (Simonyan & Zisserman 2014), layer for layer as keras.applications.vgg16/vgg19.
import * as tfl from '@tensorflow/tfjs-layers';
import { type BuiltModel, call, finish, type ModelOptions, type NoWeights, modelInput, pool, predictions, resolveOptions } from './common.js';

function vgg<O extends ModelOptions>(modelName: string, kerasName: string, convsPerBlock: number[], options: O): BuiltModel<O> {
  const opts = resolveOptions(modelName, options, { hasImagenetWeights: true });
  const input = modelInput(modelName, options, { defaultSize: 224, minSize: 32, requireFlatten: opts.includeTop, weights: opts.weights });
  const filters = [64, 128, 256, 512, 512];
  let x = input.image;
  convsPerBlock.forEach((convs, b) => {
    for (let c = 1; c <= convs; c++) {
      x = call(
        tfl.layers.conv2d({ filters: filters[b]!, kernelSize: 3, padding: 'same', activation: 'relu', name: `block${b + 1}_conv${c}` }),
        x,
      );
    }
    x = call(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${b + 1}_pool` }), x);
  });
  if (opts.includeTop) {
    x = call(tfl.layers.flatten({ name: 'flatten' }), x);
    x = call(tfl.layers.dense({ units: 4096, activation: 'relu', name: 'fc1' }), x);
    x = call(tfl.layers.dense({ units: 4096, activation: 'relu', name: 'fc2' }), x);
    x = call(predictions(opts), x);
  } else {
    x = pool(x, opts.pooling, { avg: 'global_average_pooling2d', max: 'global_max_pooling2d' });
  }
  return finish<O>(tfl.model({ inputs: input.inputs, outputs: x, name: kerasName }), opts, modelName);
}

/** VGG16: 13 3x3 convolutions in 5 blocks + 3 dense layers (138,357,544 parameters). */
export function VGG16<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return vgg('VGG16', 'vgg16', [2, 2, 3, 3, 3], options);
}

/** VGG19: 16 3x3 convolutions in 5 blocks + 3 dense layers (143,667,240 parameters). */
export function VGG19<O extends ModelOptions = NoWeights>(options: O = {} as O): BuiltModel<O> {
  return vgg('VGG19', 'vgg19', [2, 2, 4, 4, 4], options);
}
