// A small CNN on Fashion-MNIST from scratch: the official 60,000 training images, evaluated on the
// official 10,000-image test set (Debian's dataset-fashion-mnist).
// Usage: node scripts/train_fashion_mnist.mjs [--backend fovea-wasm|cpu] [--threads N] [--epochs 10]
//        [--batch-size 128] [--learning-rate 0.001] [--max-batches N] [--init weights.json]
//        [--save path/model.json] [--quiet]
import { loadFashionMnist } from '@foveajs/datasets';
import * as tfl from '@tensorflow/tfjs-layers';
import { parseTrainingArgs, prepareBackend, trainAndReport } from './train_common.mjs';

const args = parseTrainingArgs({ epochs: 10, batchSize: 128, learningRate: 0.001 });
await prepareBackend(args);
// Whole test set in large batches; a smoke run (--max-batches) evaluates as many batches as it trains.
const evalBatchSize = args.maxBatches === undefined ? 1000 : args.batchSize;
const { train, test } = await loadFashionMnist();
console.log(`Fashion-MNIST: ${train.size} training images, ${test.size} test images`);

/** Two conv blocks (32, 64 filters) and a 128-unit dense layer with dropout: ~420k parameters. */
function fashionCnn() {
  const input = tfl.input({ shape: [28, 28, 1], name: 'input' });
  let x = tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1' }).apply(input);
  x = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(x);
  x = tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2' }).apply(x);
  x = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }).apply(x);
  x = tfl.layers.flatten({ name: 'flatten' }).apply(x);
  x = tfl.layers.dropout({ rate: 0.25, name: 'dropout1' }).apply(x);
  x = tfl.layers.dense({ units: 128, activation: 'relu', name: 'fc1' }).apply(x);
  x = tfl.layers.dropout({ rate: 0.25, name: 'dropout2' }).apply(x);
  const output = tfl.layers.dense({ units: 10, activation: 'softmax', name: 'predictions' }).apply(x);
  return tfl.model({ inputs: input, outputs: output, name: 'fashion_cnn' });
}

const model = fashionCnn();
await trainAndReport(model, {
  args,
  train,
  test,
  evalBatchSize,
  name: 'fashion-mnist',
  accuracyLabel: 'test',
  examplesLabel: 'official test images',
  logParameters: true,
});
model.dispose();
