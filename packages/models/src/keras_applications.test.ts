// The architectures Keras ships: exact Keras parameter counts (includeTop, 1000 classes) and a
// forward pass on fovea-wasm matching tfjs's cpu backend. One build per model: for models whose
// classifier follows global pooling the count does not depend on the input size, so the same
// model is run at a reduced input (32x32; Xception's minimum 71x71) to keep this file within the
// CI budget on 2 cores; FOVEA_FULL_SIZE=1 runs the default sizes. VGG's flattening classifier
// depends on the input size, so VGG is counted at 224x224 and run at 32x32.
import { describe, expect, it } from 'vitest';
import { FULL_SIZE, expectBackendsAgree, itMatchesKeras, withModel } from './test_support.js';
import { VGG16, VGG19 } from './vgg.js';
import { getModelInfo } from './zoo.js';

/** Keras's len(model.layers) where well known (includeTop, input layer included). */
const KERAS_LAYER_COUNTS: Record<string, number> = {
  VGG16: 23,
  VGG19: 26,
  ResNet50: 177,
  Xception: 134,
  DenseNet121: 429,
};

// MobileNet, MobileNetV2 and EfficientNet: keras_mobile.test.ts (split so two workers share the load).
const GLOBAL_POOLING_MODELS = ['ResNet50', 'ResNet101', 'ResNet152', 'Xception', 'DenseNet121', 'DenseNet169', 'DenseNet201'];

describe('Keras Applications architectures', () => {
  for (const name of GLOBAL_POOLING_MODELS) itMatchesKeras(name, KERAS_LAYER_COUNTS[name]);

  for (const [name, build] of [
    ['VGG16', VGG16],
    ['VGG19', VGG19],
  ] as const) {
    it(`${name}: Keras's parameter count at 224x224`, async () => {
      await withModel(
        () => build(),
        (model) => {
          expect(model.countParams()).toBe(getModelInfo(name).kerasParams);
          expect(model.layers.length).toBe(KERAS_LAYER_COUNTS[name]);
        },
      );
    }, 120_000);

    it(`${name}: fovea-wasm matches cpu (${FULL_SIZE ? '224x224' : '32x32'})`, async () => {
      const size = FULL_SIZE ? 224 : 32;
      await withModel(() => build({ inputShape: [size, size, 3], classifierActivation: null }), (model) => expectBackendsAgree(model));
    }, 120_000);
  }
});
