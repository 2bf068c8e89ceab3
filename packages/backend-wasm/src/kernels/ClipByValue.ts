import { type ClipByValueAttrs, ClipByValue, type KernelConfig } from '@tensorflow/tfjs-core';
import { clipByValue } from '@foveajs/kernels-wasm';
import { elementwiseConfig } from '../unary_support.js';

// Keras's ReLU(max_value=6) layers (MobileNet, MobileNetV2) clip after the ReLU.
export const clipByValueConfig: KernelConfig = elementwiseConfig(
  ClipByValue,
  (backend, x, attrs) => {
    const { clipValueMin, clipValueMax } = attrs as unknown as ClipByValueAttrs;
    return clipByValue(backend.kernels, backend.float32Values(x), clipValueMin, clipValueMax);
  },
  // Bounds the wrong way round (or NaN): the cpu's result, as tfjs defines it.
  (attrs) => (attrs as unknown as ClipByValueAttrs).clipValueMin <= (attrs as unknown as ClipByValueAttrs).clipValueMax,
);
