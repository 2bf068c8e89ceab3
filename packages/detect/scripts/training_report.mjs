// Markdown for a training run's results (train_detector.mjs --results run.json writes both).
// Usage: node scripts/training_report.mjs run.json > run.md
import { readFile } from 'node:fs/promises';

const STAT_NAMES = ['AP', 'AP50', 'AP75', 'AP small', 'AP medium', 'AP large', 'AR1', 'AR10', 'AR100', 'AR small', 'AR medium', 'AR large'];

export function trainingReport(run) {
  const f = (v, d = 3) => (v < 0 ? '—' : v.toFixed(d));
  const lines = [
    '# Detector training on synthetic scenes',
    '',
    `Command (in \`packages/detect\`, after \`npm run build\`): \`${run.command}\``,
    '',
    `Run ${run.date} on ${run.machine.cpus} cores, fovea-wasm with ${run.machine.threads} threads; mean 1-minute load average ${run.machine.meanLoadAverage1m.toFixed(1)} (the machine was shared)${run.splitvStopgap ? '; SplitV stopgap in use' : ''}.`,
    `Wall time ${(run.wallSeconds / 60).toFixed(1)} min (training ${(run.trainSeconds / 60).toFixed(1)} min, then the test set).`,
    '',
    `Model: ${run.model.backbone} backbone, ${run.model.head} head, width ${run.model.width}, depth ${run.model.depth}, regMax ${run.model.regMax}: ${run.model.params.toLocaleString('en-US')} parameters, ${(run.model.macs / 1e9).toFixed(3)} GMACs per ${run.model.imgsz}×${run.model.imgsz} image.`,
    '',
    `## Test set: ${run.test.images} held-out scenes (split '${run.test.split}', seed ${run.test.seed})`,
    '',
    `VOC mAP@0.5 (all-point): **${f(run.test.vocMap)}**; COCO mAP@[.5:.95]: **${f(run.test.cocoStats[0])}**.`,
    '',
    '| COCO stat | value |',
    '| --- | ---: |',
    ...run.test.cocoStats.map((v, i) => `| ${STAT_NAMES[i]} | ${f(v)} |`),
    '',
    '| class | VOC AP@0.5 |',
    '| --- | ---: |',
    ...run.test.perClassVoc.map((c) => `| ${c.name} | ${f(c.ap)} |`),
    '',
    `Inference (evaluation settings: conf 0.001, every class per box), per image: ${run.speed.preprocess.toFixed(1)} ms preprocess, ${run.speed.inference.toFixed(1)} ms inference, ${run.speed.postprocess.toFixed(1)} ms postprocess.`,
    '',
    '## Epochs',
    '',
    '| epoch | images | seconds | lr | box | cls | dfl | val mAP@[.5:.95] | val mAP@0.5 | val VOC mAP |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...run.history.map(
      (h) =>
        `| ${h.epoch} | ${h.images} | ${h.seconds.toFixed(0)} | ${h.lr.toExponential(2)} | ${f(h.loss.box ?? -1)} | ${f(h.loss.cls ?? -1)} | ${f(h.loss.dfl ?? -1)} | ${h.metrics ? f(h.metrics.map) : ''} | ${h.metrics ? f(h.metrics.map50) : ''} | ${h.metrics ? f(h.metrics.vocMap) : ''} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(trainingReport(JSON.parse(await readFile(process.argv[2], 'utf8'))));
}
