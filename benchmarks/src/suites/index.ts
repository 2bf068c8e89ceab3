// The case-based suites the runner knows (see ../runner.ts). The models suite is not case-based
// (its rows are model × engine, some in child processes): ./models/, which cli.ts runs after these.
import type { Suite } from '../runner.js';
import { kernelsSuite } from './kernels.js';
import { trainingSuite } from './training.js';

export const SUITES: Suite[] = [kernelsSuite, trainingSuite];
