// The case-based suites the runner knows (see ../runner.ts). The models, track and graphs suites
// are not case-based (models: model × engine rows, some in child processes; track: trackers,
// solvers and accuracy tables; graphs: downloaded graph models per engine, with kernel profiles):
// ./models/, ./track/ and ./graphs/, which cli.ts runs after these.
import type { Suite } from '../runner.js';
import { detectSuite } from './detect.js';
import { kernelsSuite } from './kernels.js';
import { trainingSuite } from './training.js';

export const SUITES: Suite[] = [kernelsSuite, trainingSuite, detectSuite];
