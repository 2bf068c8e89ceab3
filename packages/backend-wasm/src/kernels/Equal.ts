import { type KernelConfig, Equal } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// Non-maximum suppression by equal(heatmap, maxPool(heatmap)) in CenterNet-style detectors.
export const equalConfig: KernelConfig = binaryConfig(Equal, 'equal');
