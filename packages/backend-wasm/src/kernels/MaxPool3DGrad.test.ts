import * as tf from '@tensorflow/tfjs-core';
import { describePool3DGrad } from '../../test/kernels/window_cases.js';

describePool3DGrad('MaxPool3DGrad', tf.maxPool3d);
