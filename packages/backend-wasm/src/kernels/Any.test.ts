import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

describeReduction('Any', (x, axis, keepDims) => tf.any(x, axis, keepDims), 0, { dtypes: ['bool'], gradient: false });
