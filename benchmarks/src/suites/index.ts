// Every suite the runner knows; later suites (models, training, memory) are added here.
import type { Suite } from '../runner.js';
import { kernelsSuite } from './kernels.js';

export const SUITES: Suite[] = [kernelsSuite];
