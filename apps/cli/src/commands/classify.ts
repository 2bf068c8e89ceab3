// `fovea classify`: digits with the shipped LeNet-5, or any classifier with the user's weights.
import { DEFAULT_MAX_PIXELS } from '@foveajs/core';
import type { Command } from 'commander';
import { classifyFiles, loadClassifier, sampleDigits } from '../classify.js';
import { addBackendOptions, addJsonOption, type BackendOptions, count, type JsonOption, positiveInteger, printJson, reporter, useBackend } from '../options.js';
import { progressBar } from '../progress.js';

interface ClassifyOptions extends BackendOptions, JsonOption {
  model: string;
  weights?: string;
  top?: number;
  maxPixels?: number;
}

export function registerClassify(program: Command): void {
  const command = program
    .command('classify')
    .description('classify images: handwritten digits with the shipped LeNet-5, or any zoo model with your weights (ImageNet classes)')
    .argument('[images...]', 'PNG or JPEG files (default: the ten sample digits that ship with fovea); a name like digit-7-….png declares the expected digit')
    .option('-m, --model <name>', `lenet5, fashion-cnn, or a zoo model from \`fovea models\` (MobileNetV2, ResNet50, EfficientNetB0, …)`, 'lenet5')
    .option('-w, --weights <file>', "the model's weights: .h5, .keras, .weights.h5 or tfjs model.json ('imagenet': Keras's, downloaded once); default for lenet5: the shipped ones")
    .option('--top <n>', 'how many classes to list per image (default: 1 for the digit models, 5 for the zoo)', positiveInteger)
    .option('--max-pixels <n>', `refuse images that declare more pixels (default ${DEFAULT_MAX_PIXELS})`, positiveInteger);
  addJsonOption(addBackendOptions(command), 'the predictions').action(async (images: string[], options: ClassifyOptions) => {
    const say = reporter(options);
    const backend = await useBackend(options);
    const classifier = await loadClassifier(options.model, options.weights);
    const top = Math.min(options.top ?? classifier.defaultTop, classifier.labels.length);
    const files = images.length > 0 ? images : await sampleDigits();
    const bar = progressBar(files.length, 'classifying [{bar}] {value}/{total} images | {eta_formatted} left');
    const started = performance.now();
    let result: Awaited<ReturnType<typeof classifyFiles>>;
    try {
      result = await classifyFiles(classifier, files, top, (done) => bar.update(done), options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels });
    } finally {
      bar.stop();
      classifier.dispose();
    }
    const seconds = (performance.now() - started) / 1000;
    const { predictions, failures } = result;
    const declared = predictions.filter((p) => p.expected !== undefined);
    const correct = declared.filter((p) => p.expected === p.index).length;
    // readImage's errors name the file already.
    for (const failure of failures) console.error(`fovea: ${failure.error.includes(failure.file) ? failure.error : `${failure.file}: ${failure.error}`}`);
    if (failures.length > 0) process.exitCode = 1;
    if (options.json) {
      printJson({
        model: classifier.name,
        weights: classifier.weights,
        backend: backend.backend,
        ...(backend.threads !== undefined ? { threads: backend.threads } : {}),
        seconds,
        predictions,
        failures,
        ...(declared.length > 0 ? { correct, declared: declared.length } : {}),
      });
      return;
    }
    for (const p of predictions) {
      const verdict = p.expected === undefined ? '' : p.expected === p.index ? '  ✓' : `  ✗ (expected ${p.expected})`;
      const others = p.top.slice(1).map((s) => `${s.label} ${s.probability.toFixed(3)}`);
      say(`${p.file}: ${p.label} (p=${p.probability.toFixed(3)})${verdict}${others.length ? `; then ${others.join(', ')}` : ''}`);
    }
    say(
      `\n${count(predictions.length, 'image')} on ${backend.backend} in ${seconds.toFixed(2)} s` +
        (declared.length ? `; ${correct}/${declared.length} correct` : '') +
        (failures.length ? `; ${count(failures.length, 'file')} could not be read` : ''),
    );
  });
}
