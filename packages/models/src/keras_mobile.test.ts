// MobileNet, MobileNetV2 and EfficientNetB0-B7 as Keras ships them: exact Keras parameter counts
// (includeTop, 1000 classes) and a forward pass on fovea-wasm matching tfjs's cpu backend, built
// once each and run at 32x32 (their classifier follows global pooling, so the count does not
// depend on the input size); FOVEA_FULL_SIZE=1 runs the default sizes.
import { describe } from 'vitest';
import { itMatchesKeras } from './test_support.js';

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
  for (const name of GLOBAL_POOLING_MODELS) itMatchesKeras(name, KERAS_LAYER_COUNTS[name]);
});
