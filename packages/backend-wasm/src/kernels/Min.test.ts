import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

// Min selects an input element: exact.
describeReduction('Min', (x, axis, keepDims) => tf.min(x, axis, keepDims), 0, { dtypes: ['float32', 'int32', 'bool'] });
