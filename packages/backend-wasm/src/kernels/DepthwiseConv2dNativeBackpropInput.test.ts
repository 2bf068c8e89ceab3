import { describeDepthwiseGrad } from '../../test/kernels/depthwise_grads.js';

describeDepthwiseGrad('Input');
