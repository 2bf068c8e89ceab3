// @fovea/core: the one tfjs engine every Fovea package shares. Every package imports tensors and
// ops from '@tensorflow/tfjs-core' as a peer dependency, so they all meet the same engine; this
// package adds backend selection, feature detection and image I/O on top.
import * as tf from '@tensorflow/tfjs-core';
// Registers fovea-wasm (highest-priority CPU backend) so `await tf.ready()` picks it by default;
// its .wasm is only fetched when the backend first initialises.
import '@fovea/backend-wasm';
// Gradients (tf.grad, model.fit) and chained tensor methods (x.square()), which tfjs-core's Node
// entry leaves out: scripts/bundle-tfjs-extras.mjs explains.
import '#tfjs-extras';

export { tf };
export type { DataType, Rank, Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D, TensorLike } from '@tensorflow/tfjs-core';
export {
  availableBackends,
  BACKEND_NAMES,
  type BackendName,
  type BackendStatus,
  BackendUnavailableError,
  getBackend,
  setBackend,
} from './backends.js';
export { detectFeatures, type Features } from './features.js';
// fovea-wasm's threads (one per core by default where threads work).
export { getThreadsCount, setThreadsCount, whenThreadsReady } from '@fovea/backend-wasm';
// Kernels fovea-wasm adds to tfjs's set, for the layers that use them where registered.
export { GROUPED_CONV2D } from '@fovea/backend-wasm';
export { decodeImage, encodePng, type DecodeImageOptions, type EncodePngOptions, readImage, writePng } from './image_io.js';
