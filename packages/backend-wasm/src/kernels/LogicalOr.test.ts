import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'LogicalOr', op: tf.logicalOr, dtypes: ['bool'] });
