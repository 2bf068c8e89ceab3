import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

describeReduction('All', (x, axis, keepDims) => tf.all(x, axis, keepDims), 0, { dtypes: ['bool'], gradient: false });
