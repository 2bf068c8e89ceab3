// Measure a trained segmenter (default: the shipped one) on held-out syntheticScenes through the
// inference API (Segmenter.predict, one image at a time, masks at the image's size), with one
// confusion matrix over every pixel:
//
//   node scripts/evaluate_segmenter.mjs [--description weights/scenes_lraspp_mobilenetv2/segmenter.json] [--count 300]
import { parseArgs } from 'node:util';
import { setBackend, tf } from '@foveajs/core';
import { sceneGenerator } from '@foveajs/datasets';
import { loadSegmenter, SegmentationMetrics } from '@foveajs/segment';

const { values } = parseArgs({
  options: {
    description: { type: 'string' },
    count: { type: 'string', default: '300' },
    seed: { type: 'string', default: '0' },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) throw new Error(`--count: expected a positive integer, got '${values.count}'`);

await setBackend('fovea-wasm');
const segmenter = await loadSegmenter(values.description === undefined ? {} : { description: values.description });
const scenes = await sceneGenerator({ seed: Number(values.seed), split: 'test' });
const metrics = new SegmentationMetrics({ numClasses: segmenter.labels.length });
const start = performance.now();
for (const scene of scenes.scenes(0, count)) {
  const { height, width } = scene.layout;
  const image = tf.tensor3d(Int32Array.from(scene.image), [height, width, 3], 'int32');
  const { categoryMask } = await segmenter.predict(image);
  metrics.update({ values: scene.mask, shape: [height, width] }, categoryMask);
  tf.dispose([image, categoryMask]);
}
const seconds = (performance.now() - start) / 1000;
const scores = metrics.compute();
console.log(
  `${count} held-out scenes (split 'test', seed ${values.seed}): mIoU ${scores.meanIoU.toFixed(4)}, pixel accuracy ${scores.pixelAccuracy.toFixed(4)}, ` +
    `mean accuracy ${scores.meanAccuracy.toFixed(4)}, frequency-weighted IoU ${scores.frequencyWeightedIoU.toFixed(4)} (${seconds.toFixed(0)} s, ${((1000 * seconds) / count).toFixed(0)} ms per image)`,
);
console.log(segmenter.labels.map((name, c) => `${name} ${scores.perClassIoU[c] === null ? '-' : scores.perClassIoU[c].toFixed(3)}`).join(', '));
segmenter.dispose();
