// Writes samples/scene.png: held-out scene 3 of split 'test', seed 0 (the README's example image).
// Usage (from packages/detect): node scripts/make_sample.mjs
import { setBackend, tf, writePng } from '@foveajs/core';
import { sceneGenerator } from '@foveajs/datasets';

await setBackend('cpu');
const scene = (await sceneGenerator({ seed: 0, split: 'test' })).sceneAt(3);
const { height, width } = scene.cocoImage;
const image = tf.tensor3d(Int32Array.from(scene.image), [height, width, 3], 'int32');
await writePng(new URL('../samples/scene.png', import.meta.url).pathname, image);
image.dispose();
console.log(`samples/scene.png: ${scene.annotations.map((a) => `${a.category_id}@${a.bbox.join(',')}`).join(' ')}`);
