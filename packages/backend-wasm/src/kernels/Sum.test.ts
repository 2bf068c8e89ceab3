import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

// f64 accumulation, as the cpu's, in another order (SIMD lanes): equal after rounding to float32
// but for the rare sum within a few f64 ulps of a float32 rounding boundary.
describeReduction('Sum', (x, axis, keepDims) => tf.sum(x, axis, keepDims), 1e-7, { dtypes: ['float32', 'int32', 'bool'] });
