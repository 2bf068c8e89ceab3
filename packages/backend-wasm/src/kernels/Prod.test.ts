import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

// f64 products (along the last axis in four chains: another order than the cpu's, equal after
// rounding to float32 but for rare boundary cases).
describeReduction('Prod', (x, axis, keepDims) => tf.prod(x, axis, keepDims), 1e-7, { dtypes: ['float32', 'int32', 'bool'] });
