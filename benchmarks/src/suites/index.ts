// Every suite the runner knows; later suites (models, training, memory) are added here.
import type { Suite } from '../runner.js';
import { kernelsSuite } from './kernels.js';
import { trainingSuite } from './training.js';

export const SUITES: Suite[] = [kernelsSuite, trainingSuite];
// The models suite is not case-based (rows are model × engine, some in child processes): see
// ./models.ts, which cli.ts runs after these.
