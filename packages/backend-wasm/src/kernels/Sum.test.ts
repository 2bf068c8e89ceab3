import * as tf from '@tensorflow/tfjs-core';
import { describeReduction } from '../../test/kernels/reduce_cases.js';

// float32 accumulation against the cpu's float64 sum: relative 1e-5 over up to a few thousand terms.
describeReduction('Sum', (x, axis, keepDims) => tf.sum(x, axis, keepDims), 1e-5);
