import { type KernelConfig, Mod } from '@tensorflow/tfjs-core';
import { binaryConfig } from '../binary_support.js';

// The cpu's floored modulo: fmod, corrected by b when the signs differ, in f64.
export const modConfig: KernelConfig = binaryConfig(Mod, 'mod');
