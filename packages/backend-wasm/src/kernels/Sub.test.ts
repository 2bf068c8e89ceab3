import * as tf from '@tensorflow/tfjs-core';
import { describe } from 'vitest';
import { itBehavesLikeBinaryOp } from '../../test/kernels/binary_cases.js';

describe('Sub', () => {
  itBehavesLikeBinaryOp({ op: tf.sub });
});
