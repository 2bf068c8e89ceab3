// @foveajs/core: the one tfjs engine every Fovea package shares. Every package imports tensors and
// ops from '@tensorflow/tfjs-core' as a peer dependency, so they all meet the same engine; this
// package adds backend selection, feature detection and image I/O on top.
import * as tf from '@tensorflow/tfjs-core';
// Registers fovea-wasm (highest-priority CPU backend), the default backend. It initialises at the
// first op: synchronously in Node, so no `await tf.ready()` is needed there; browsers must await
// tf.ready() or setBackend() first.
import '@foveajs/backend-wasm';
// Gradients (tf.grad, model.fit) and chained tensor methods (x.square()), which tfjs-core's Node
// entry leaves out: scripts/bundle-tfjs-extras.mjs explains.
import '#tfjs-extras';

export { tf };
// The chained methods' types: tfjs declares them as augmentations of Tensor in modules a user's
// compiler never sees unless one is imported; this type-only export keeps the import in our .d.ts.
export type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
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
export { describeValue } from './describe.js';
export { detectFeatures, type Features } from './features.js';
// fovea-wasm's threads (one per core by default where threads work).
export { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
// Kernels fovea-wasm adds to tfjs's set, for the layers that use them where registered, and the
// activations its fused kernels apply (tfjs's, plus swish).
export { EXTRA_FUSED_ACTIVATIONS, FUSED_ACTIVATIONS, type FusedActivation, GROUPED_CONV2D } from '@foveajs/backend-wasm';
// The seeded generator @foveajs/layers' augmentations and @foveajs/datasets' shuffles draw from.
export { seededRandom } from './random.js';
export {
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_PIXELS,
  decodeImage,
  encodePng,
  type DecodeImageOptions,
  type EncodePngOptions,
  imageHeaderSize,
  readImage,
  type ReadImageOptions,
  writePng,
} from './image_io.js';
// Reading a file from anywhere: a regular file only, at most so many bytes (Node).
export { readRegularFile } from './files.js';
