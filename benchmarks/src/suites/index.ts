// The case-based suites the runner knows (see ../runner.ts). The models and track suites are not
// case-based (models: model × engine rows, some in child processes; track: trackers, solvers and
// accuracy tables): ./models/ and ./track/, which cli.ts runs after these.
import type { Suite } from '../runner.js';
import { kernelsSuite } from './kernels.js';
import { trainingSuite } from './training.js';

export const SUITES: Suite[] = [kernelsSuite, trainingSuite];
