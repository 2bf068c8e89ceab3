import * as tf from '@tensorflow/tfjs-core';
import { describeScan } from '../../test/kernels/scan_cases.js';

describeScan('Cumsum', tf.cumsum, { float: (v, i) => (i % 11 === 5 ? -0 : v * 3), grad: true });
