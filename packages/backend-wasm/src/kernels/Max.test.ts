import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

// Max selects an input element: exact.
describeReduction('Max', (x, axis, keepDims) => tf.max(x, axis, keepDims), 0, { dtypes: ['float32', 'int32', 'bool'] });
