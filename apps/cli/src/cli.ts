import { Command, InvalidArgumentError, Option } from 'commander';
import { availableBackends, BACKEND_NAMES, type BackendName, DEFAULT_MAX_PIXELS, detectFeatures, setBackend, setThreadsCount } from '@foveajs/core';
import { formatSummary, summary } from '@foveajs/layers';
import { getModelInfo, listModels } from '@foveajs/models';
import { classifyDigits, loadDigitModel, sampleDigits } from './classify.js';
import { convertModel, describeFormat } from './convert.js';
import { packageVersion } from './version.js';

const program = new Command();
program
  .name('fovea')
  .description('Convolutional computer vision on WebAssembly SIMD and GPU backends')
  .version(packageVersion(), '-V, --version', "print fovea's version");

/** "1 image", "2 images". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const backendOption = () =>
  new Option('-b, --backend <name>', 'backend to run on').choices(['auto', ...BACKEND_NAMES]).default('fovea-wasm');

/**
 * A parser for a whole-number option: digits only ('2.5', '10abc', 'abc', '0x10' and '' are refused
 * with the value received, where Number.parseInt took 2, 10 and NaN silently).
 */
function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got '${value}'`);
    }
    return n;
  };
}

const threadsOption = () => new Option('-t, --threads <n>', "fovea-wasm's threads (default: one per core)").argParser(wholeNumber(1, 32));

program
  .command('backends')
  .description('which backends work here, and why the others do not')
  .action(async () => {
    for (const status of await availableBackends()) {
      const state = status.available ? `yes  ${status.detail ?? ''}` : `no   ${status.reason ?? ''}`;
      console.log(`${status.name.padEnd(11)} ${state}`);
      if (!status.available && status.install) console.log(`${''.padEnd(16)}${status.install}`);
    }
    const features = await detectFeatures();
    console.log(
      `\nWASM SIMD ${features.wasmSimd ? 'yes' : 'no'}, relaxed SIMD ${features.wasmRelaxedSimd ? 'yes' : 'no'}, ` +
        `threads ${features.wasmThreads ? 'yes' : 'no'}; WebGPU adapter: ${features.webgpuAdapter?.description ?? `none (${features.webgpuReason})`}`,
    );
  });

program
  .command('classify')
  .description('classify images of handwritten digits with the shipped LeNet-5 (trained on MNIST)')
  .argument('[images...]', 'PNG or JPEG files (default: the ten sample digits that ship with fovea); a name like digit-7-….png declares the expected digit')
  .addOption(backendOption())
  .addOption(threadsOption())
  .option('--max-pixels <n>', `refuse images that declare more pixels (default ${DEFAULT_MAX_PIXELS})`, wholeNumber(1))
  .action(async (images: string[], options: { backend: BackendName | 'auto'; threads?: number; maxPixels?: number }) => {
    if (options.threads !== undefined) setThreadsCount(options.threads);
    const backend = await setBackend(options.backend);
    const model = await loadDigitModel();
    const started = performance.now();
    const { predictions, failures } = await classifyDigits(model, images.length > 0 ? images : await sampleDigits(), { maxPixels: options.maxPixels });
    const seconds = (performance.now() - started) / 1000;
    model.dispose();
    let declared = 0;
    let correct = 0;
    for (const p of predictions) {
      const verdict = p.expected === undefined ? '' : p.expected === p.digit ? '  ✓' : `  ✗ (expected ${p.expected})`;
      if (p.expected !== undefined) {
        declared++;
        if (p.expected === p.digit) correct++;
      }
      console.log(`${p.file}: ${p.digit} (p=${p.probability.toFixed(3)})${verdict}`);
    }
    // readImage's errors name the file already.
    for (const failure of failures) console.error(`fovea: ${failure.error.includes(failure.file) ? failure.error : `${failure.file}: ${failure.error}`}`);
    console.log(
      `\n${count(predictions.length, 'image')} on ${backend} in ${seconds.toFixed(2)} s` +
        (declared ? `; ${correct}/${declared} correct` : '') +
        (failures.length ? `; ${count(failures.length, 'file')} could not be read` : ''),
    );
    if (failures.length > 0) process.exitCode = 1;
  });

program
  .command('models')
  .description('the model zoo: input sizes and parameter counts')
  .action(() => {
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

program
  .command('summary')
  .description("a zoo model's layers: output shapes, parameters, MACs, activation memory, receptive fields")
  .argument('<model>', 'a name from `fovea models`')
  .option('--batch-size <n>', 'batch size for the memory totals', wholeNumber(1), 1)
  .action(async (name: string, options: { batchSize: number }) => {
    await setBackend('fovea-wasm');
    const info = getModelInfo(name);
    const models = (await import('@foveajs/models')) as unknown as Record<string, (o: object) => unknown>;
    const model = models[info.name]?.({}) as import('@tensorflow/tfjs-layers').LayersModel;
    console.log(formatSummary(summary(model, { batchSize: options.batchSize })));
    model.dispose();
  });

program
  .command('convert')
  .description('convert a whole model between Keras .h5, Keras 3 .keras and tfjs model.json')
  .argument('<input>', 'a Keras .h5 / .hdf5 (Keras 2.0–3.x), a .keras archive, a tfjs model.json, or a weights-only .h5 with --topology')
  .argument('<output>', 'the file to write: .keras, .h5 / .hdf5 or .json (tfjs: model.json + weights.bin beside it)')
  .option('--topology <json>', "the architecture for a weights-only input (what Keras's model.to_json() wrote, or a tfjs model.json)")
  .addOption(new Option('--format <format>', 'output format (default: from the output file name)').choices(['keras', 'h5', 'tfjs']))
  .option('--include-optimizer', "keep the training setup and the optimizer's state (Adam, SGD momentum)", false)
  .action(async (input: string, output: string, options: { topology?: string; format?: 'keras' | 'h5' | 'tfjs'; includeOptimizer: boolean }) => {
    const started = performance.now();
    const result = await convertModel(input, output, options);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${input} → ${output}: ${result.className} model, ${count(result.layers, 'layer')}, ${result.params.toLocaleString('en-US')} parameters, ` +
        `written as a ${describeFormat(result.format)}${options.includeOptimizer ? ' with its optimizer state' : ''} in ${seconds.toFixed(2)} s`,
    );
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`fovea: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
