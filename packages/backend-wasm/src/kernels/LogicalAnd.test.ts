import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'LogicalAnd', op: tf.logicalAnd, dtypes: ['bool'] });
