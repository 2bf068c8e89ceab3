// `fovea convert`: a whole model from one file format to another.
import type { Command } from 'commander';
import { Option } from 'commander';
import { convertModel, describeFormat } from '../convert.js';
import { addJsonOption, count, type JsonOption, printJson } from '../options.js';

export function registerConvert(program: Command): void {
  const command = program
    .command('convert')
    .description('convert a whole model between Keras .h5, Keras 3 .keras and tfjs model.json (computes nothing: runs on tfjs cpu, no --backend)')
    .argument('<input>', 'a Keras .h5 / .hdf5 (Keras 2.0–3.x), a .keras archive, a tfjs model.json, or a weights-only .h5 with --topology')
    .argument('<output>', 'the file to write: .keras, .h5 / .hdf5 or .json (tfjs: model.json + weights.bin beside it)')
    .option('--topology <json>', "the architecture for a weights-only input (what Keras's model.to_json() wrote, or a tfjs model.json)")
    .addOption(new Option('--format <format>', 'output format (default: from the output file name)').choices(['keras', 'h5', 'tfjs']))
    .option('--include-optimizer', "keep the training setup and the optimizer's state (Adam, SGD momentum)", false);
  addJsonOption(command, 'what was written').action(
    async (input: string, output: string, options: JsonOption & { topology?: string; format?: 'keras' | 'h5' | 'tfjs'; includeOptimizer: boolean }) => {
      const started = performance.now();
      const result = await convertModel(input, output, options);
      const seconds = (performance.now() - started) / 1000;
      if (options.json) {
        printJson({ input, output, ...result, includeOptimizer: options.includeOptimizer, seconds });
        return;
      }
      console.log(
        `${input} → ${output}: ${result.className} model, ${count(result.layers, 'layer')}, ${result.params.toLocaleString('en-US')} parameters, ` +
          `written as a ${describeFormat(result.format)}${options.includeOptimizer ? ' with its optimizer state' : ''} in ${seconds.toFixed(2)} s`,
      );
    },
  );
}
