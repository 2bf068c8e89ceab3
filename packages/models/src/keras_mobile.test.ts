// MobileNet, MobileNetV2 and EfficientNetB0-B7 as Keras ships them: exact Keras parameter counts
// (includeTop, 1000 classes) and a forward pass on fovea-wasm matching tfjs's cpu backend, built
// once each and run at 32x32 (their classifier follows global pooling, so the count does not
// depend on the input size); FOVEA_FULL_SIZE=1 runs the default sizes.
import { describe, expect, it } from 'vitest';
import { FULL_SIZE, expectBackendsAgree, withModel } from './test_support.js';
import { getModelInfo } from './zoo.js';

/** Keras's len(model.layers) where well known (includeTop, input layer included). */
const KERAS_LAYER_COUNTS: Record<string, number> = { MobileNetV2: 156 };

const GLOBAL_POOLING_MODELS = [
  'MobileNet',
  'MobileNetV2',
  'EfficientNetB0',
  'EfficientNetB1',
  'EfficientNetB2',
  'EfficientNetB3',
  'EfficientNetB4',
  'EfficientNetB5',
  'EfficientNetB6',
  'EfficientNetB7',
];

describe('Keras Applications mobile architectures', () => {
  for (const name of GLOBAL_POOLING_MODELS) {
    it(`${name}: Keras's parameter count; fovea-wasm matches cpu`, async () => {
      const info = getModelInfo(name);
      const size = FULL_SIZE ? info.defaultSize : info.minSize;
      await withModel(
        () => info.build({ inputShape: [size, size, 3], classifierActivation: null }),
        async (model) => {
          expect(model.countParams()).toBe(info.kerasParams);
          if (KERAS_LAYER_COUNTS[name] !== undefined) expect(model.layers.length).toBe(KERAS_LAYER_COUNTS[name]);
          expect(model.outputs[0]!.shape).toEqual([null, 1000]);
          await expectBackendsAgree(model);
        },
      );
    }, 120_000);
  }
});
