import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

// sum / n in f64, where the cpu sums the float32 quotients x / n: within a few float32 ulps.
describeReduction('Mean', (x, axis, keepDims) => tf.mean(x, axis, keepDims), 1e-6, { dtypes: ['float32', 'int32'] });
