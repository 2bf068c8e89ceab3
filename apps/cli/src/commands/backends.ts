// `fovea backends`: every backend's state here, and what the engine supports.
import { availableBackends, detectFeatures } from '@foveajs/core';
import type { Command } from 'commander';
import { addJsonOption, type JsonOption, printJson } from '../options.js';

export function registerBackends(program: Command): void {
  const command = program
    .command('backends')
    .description('which backends work here, and why the others do not (this command probes them all: it takes no --backend)');
  addJsonOption(command, 'the statuses and features').action(async (options: JsonOption) => {
    const statuses = await availableBackends();
    const features = await detectFeatures();
    if (options.json) {
      printJson({ backends: statuses, features });
      return;
    }
    for (const status of statuses) {
      const state = status.available ? `yes  ${status.detail ?? ''}` : `no   ${status.reason ?? ''}`;
      console.log(`${status.name.padEnd(11)} ${state}`);
      if (!status.available && status.install) console.log(`${''.padEnd(16)}${status.install}`);
    }
    console.log(
      `\nWASM SIMD ${features.wasmSimd ? 'yes' : 'no'}, relaxed SIMD ${features.wasmRelaxedSimd ? 'yes' : 'no'}, ` +
        `threads ${features.wasmThreads ? 'yes' : 'no'}; WebGPU adapter: ${features.webgpuAdapter?.description ?? `none (${features.webgpuReason})`}`,
    );
  });
}
