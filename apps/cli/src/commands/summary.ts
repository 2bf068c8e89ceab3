// `fovea summary`: a zoo model's layers with parameters, MACs, memory and receptive fields.
import { formatSummary, summary } from '@foveajs/layers';
import { getModelInfo, listModels } from '@foveajs/models';
import type { Command } from 'commander';
import { addBackendOptions, addJsonOption, type BackendOptions, type JsonOption, positiveInteger, printJson, useBackend } from '../options.js';

export function registerSummary(program: Command): void {
  const command = program
    .command('summary')
    .description("a zoo model's layers: output shapes, parameters, MACs, activation memory, receptive fields")
    .argument('<model>', 'a name from `fovea models` (case-insensitive)')
    .option('--batch-size <n>', 'batch size for the memory totals', positiveInteger, 1);
  addJsonOption(addBackendOptions(command), 'the summary (every layer, the totals)').action(
    async (name: string, options: BackendOptions & JsonOption & { batchSize: number }) => {
      const info = getModelInfo(listModels().find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.name ?? name);
      // The model's weights are allocated on the backend; nothing is computed.
      await useBackend(options);
      const model = info.build();
      try {
        const result = summary(model, { batchSize: options.batchSize });
        if (options.json) printJson({ model: info.name, ...result });
        else console.log(formatSummary(result));
      } finally {
        model.dispose();
      }
    },
  );
}
