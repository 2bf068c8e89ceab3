// A small CNN (@foveajs/models' FashionMnistCNN) on Fashion-MNIST from scratch: the official 60,000
// training images, evaluated on the official 10,000-image test set (Debian's dataset-fashion-mnist).
// The task is @foveajs/models' 'fashion-cnn', as `fovea train fashion-cnn` runs it.
// Usage: node scripts/train_fashion_mnist.mjs [--backend fovea-wasm|cpu] [--threads N] [--epochs 10]
//        [--batch-size 128] [--learning-rate 0.001] [--max-batches N] [--init weights.json]
//        [--save path/model.json] [--quiet]
import { getTrainingTask } from '@foveajs/models';
import { parseTrainingArgs, prepareBackend, runTrainingTask } from './train_common.mjs';

const args = parseTrainingArgs(getTrainingTask('fashion-cnn').defaults);
await prepareBackend(args);
await runTrainingTask('fashion-cnn', args);
