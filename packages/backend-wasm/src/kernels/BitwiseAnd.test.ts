import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'BitwiseAnd', op: tf.bitwiseAnd, dtypes: ['int32'], sameShape: true });
