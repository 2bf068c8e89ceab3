import * as tf from '@tensorflow/tfjs-core';
import { describeScan } from '../../test/kernels/scan_cases.js';

// Values near 1 keep long products finite. (tfjs has no gradient for cumprod.)
describeScan('Cumprod', tf.cumprod, { float: (v, i) => (i % 11 === 5 ? -0 : 1 + v * 0.3), grad: false });
