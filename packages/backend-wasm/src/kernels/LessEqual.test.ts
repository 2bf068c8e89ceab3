import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'LessEqual', op: tf.lessEqual, dtypes: ['float32', 'int32', 'bool'] });
