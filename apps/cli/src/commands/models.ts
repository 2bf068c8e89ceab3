// `fovea models`: the zoo, with input sizes and parameter counts.
import { listModels } from '@foveajs/models';
import type { Command } from 'commander';
import { addJsonOption, type JsonOption, printJson } from '../options.js';

export function registerModels(program: Command): void {
  const command = program.command('models').description('the model zoo: input sizes and parameter counts (builds nothing: it takes no --backend)');
  addJsonOption(command, 'the zoo').action((options: JsonOption) => {
    if (options.json) {
      printJson(
        listModels().map(({ name, family, defaultSize, minSize, channels, preprocess, kerasParams, referenceTrainableParams, imagenetWeights }) => ({
          name,
          family,
          defaultSize,
          minSize,
          channels,
          preprocess,
          kerasParams,
          referenceTrainableParams,
          imagenetWeights,
        })),
      );
      return;
    }
    // Keras Applications' count where Keras has the model; the paper's trainable count otherwise.
    console.log(`${'model'.padEnd(16)}${'family'.padEnd(14)}${'input'.padStart(6)}  ${'params'.padStart(12)}  ${'counted by'.padEnd(11)}imagenet weights`);
    for (const info of listModels()) {
      const params = info.kerasParams ?? info.referenceTrainableParams;
      const source = info.kerasParams !== null ? 'Keras' : info.referenceTrainableParams !== null ? 'the paper' : '';
      console.log(
        `${info.name.padEnd(16)}${info.family.padEnd(14)}${String(info.defaultSize).padStart(6)}  ${(params?.toLocaleString('en-US') ?? '-').padStart(12)}  ${source.padEnd(11)}${info.imagenetWeights ? 'yes' : 'no'}`,
      );
    }
  });
}
