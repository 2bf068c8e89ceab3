import * as tf from '@tensorflow/tfjs-core';
import { describeArgReduce } from '../../test/kernels/scan_cases.js';

describeArgReduce('ArgMin', tf.argMin);
