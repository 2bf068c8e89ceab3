// The `fovea` commands, in the order `fovea --help` lists them. A command is one file here that
// exports register<Name>(program): it adds itself with program.command(...) (so it inherits the
// program's error output), takes --backend / --threads through addBackendOptions when it computes
// and --json through addJsonOption when its output is data, and throws an Error with a one-line
// message for bad input (cli.ts prints it as `fovea: …` and exits 1). Then it is added to this list.
import type { Command } from 'commander';
import { registerBackends } from './backends.js';
import { registerBench } from './bench.js';
import { registerClassify } from './classify.js';
import { registerConvert } from './convert.js';
import { registerModels } from './models.js';
import { registerSummary } from './summary.js';
import { registerTrain } from './train.js';

export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerBackends,
  registerModels,
  registerSummary,
  registerClassify,
  registerTrain,
  registerConvert,
  registerBench,
];
