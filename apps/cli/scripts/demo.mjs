// `npm run demo` at the repository root (after turbo has built the command): the toolkit on the data
// that ships with it, offline, through the `fovea` command as a user runs it. Each task is one step
// of STEPS, writing into demo-output/<step>/. A step that needs something not shipped yet (the trained
// detector) says in one line that it is skipped and why; the segment step joins when its package lands.
// Usage: node apps/cli/scripts/demo.mjs [--out demo-output]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fovea = fileURLToPath(new URL('../bin/fovea.js', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(repo, 'demo-output') } } });
const out = resolve(values.out);

/**
 * Run `fovea ...args`: its output shown as it comes (when `show`) and returned; a non-zero exit
 * stops the demo.
 */
function runFovea(args, { show = true } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [fovea, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (show) process.stdout.write(chunk);
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(stdout) : fail(new Error(`fovea ${args.join(' ')} exited with ${code}`))));
  });
}

/**
 * Why the detector @foveajs/detect ships cannot be used, or undefined when it loads: the detect and
 * track steps run only on it (a random detector's boxes would show nothing).
 */
let shippedDetectorProblem;
async function detectorProblem() {
  shippedDetectorProblem ??= (async () => {
    const [{ setBackend, setThreadsCount }, { loadDetector, SCENES_DETECTOR_WEIGHTS }] = await Promise.all([import('@foveajs/core'), import('@foveajs/detect')]);
    const weights = fileURLToPath(SCENES_DETECTOR_WEIGHTS);
    if (!existsSync(weights)) return `no trained detector ships with @foveajs/detect yet (${relative(repo, weights)} is missing)`;
    // One thread: this process only checks that the weights load; the commands do the work.
    setThreadsCount(1);
    await setBackend('fovea-wasm');
    try {
      (await loadDetector()).dispose();
      return undefined;
    } catch (error) {
      return `the shipped detector (${relative(repo, weights)}) does not load: ${error.message.split('\n')[0]}`;
    }
  })();
  return shippedDetectorProblem;
}

/** Why generated scenes and clips cannot be made here (their clothing comes from Fashion-MNIST), or undefined. */
async function scenesProblem() {
  const { FASHION_MNIST_DIR } = await import('@foveajs/datasets');
  const dir = process.env.FOVEA_FASHION_MNIST_DIR ?? FASHION_MNIST_DIR;
  return existsSync(dir) ? undefined : `generated scenes need Fashion-MNIST, not found in ${dir} (apt-get install dataset-fashion-mnist)`;
}

/** Held-out scenes (split 'test', seed 0: the start of the detector's test set) as PNGs, with their COCO ground truth. */
async function writeTestScenes(dir, count) {
  const [{ tf, writePng }, { sceneGenerator, SCENE_CATEGORIES }] = await Promise.all([import('@foveajs/core'), import('@foveajs/datasets')]);
  await mkdir(dir, { recursive: true });
  const scenes = await sceneGenerator({ seed: 0, split: 'test' });
  const coco = { images: [], annotations: [], categories: SCENE_CATEGORIES };
  for (const scene of scenes.scenes(0, count)) {
    const { height, width, file_name } = scene.cocoImage;
    const image = tf.tensor3d(Int32Array.from(scene.image), [height, width, 3], 'int32');
    await writePng(join(dir, file_name), image);
    image.dispose();
    coco.images.push(scene.cocoImage);
    coco.annotations.push(...scene.annotations);
  }
  const groundTruth = join(dir, 'ground-truth.json');
  await writeFile(groundTruth, JSON.stringify(coco));
  return groundTruth;
}

/** Frames of the generated clip the tracking step follows. */
const CLIP_FRAMES = 48;

/**
 * One task each: `run(dir)` writes into its own folder and returns the files it wrote; `skip()`, where
 * a step has one, returns why the step cannot run here (or undefined).
 */
const STEPS = [
  {
    name: 'classify',
    title: 'Classify the ten held-out sample digits with the shipped LeNet-5 (fovea classify)',
    async run(dir) {
      const text = await runFovea(['classify', '--backend', 'fovea-wasm']);
      const json = await runFovea(['classify', '--backend', 'fovea-wasm', '--top', '3', '--json'], { show: false });
      await writeFile(join(dir, 'digits.txt'), text);
      await writeFile(join(dir, 'digits.json'), json);
      return ['digits.txt', 'digits.json'];
    },
  },
  {
    name: 'detect',
    title: 'Detect objects in the sample scene and in 16 held-out scenes, scored against their ground truth (fovea detect)',
    skip: detectorProblem,
    async run(dir) {
      await runFovea(['detect', '--out', join(dir, 'sample')]);
      const noScenes = await scenesProblem();
      if (noScenes !== undefined) {
        console.log(`held-out scenes skipped: ${noScenes}`);
        return ['sample/scene.png', 'sample/detections.json'];
      }
      const groundTruth = await writeTestScenes(join(dir, 'scenes-input'), 16);
      const json = await runFovea(['detect', join(dir, 'scenes-input'), '--eval', groundTruth, '--out', join(dir, 'scenes'), '--json'], { show: false });
      await writeFile(join(dir, 'scenes.json'), json);
      const { images, evaluation } = JSON.parse(json);
      console.log(`${images.length} held-out scenes: COCO mAP@[.5:.95] ${evaluation.coco.summary.ap.toFixed(3)}, mAP@0.5 ${evaluation.coco.summary.ap50.toFixed(3)}, VOC mAP@0.5 ${evaluation.vocMap.toFixed(3)}`);
      return ['sample/scene.png', 'sample/detections.json', `scenes/ (${images.length} annotated PNGs)`, 'scenes/detections.json', 'scenes.json'];
    },
  },
  {
    name: 'track',
    title: `Track a generated ${CLIP_FRAMES}-frame clip with ByteTrack and SORT, scored against its ground truth (fovea track)`,
    skip: async () => (await detectorProblem()) ?? (await scenesProblem()),
    async run(dir) {
      const written = [];
      for (const tracker of ['bytetrack', 'sort']) {
        const json = await runFovea(['track', '--synthetic', String(CLIP_FRAMES), '--tracker', tracker, '--out', join(dir, tracker), '--json'], { show: false });
        await writeFile(join(dir, `${tracker}.json`), json);
        const { metrics } = JSON.parse(json);
        console.log(`${tracker.padEnd(10)} MOTA ${metrics.mota.toFixed(3)}  IDF1 ${metrics.idf1.toFixed(3)}  HOTA ${metrics.hota.toFixed(3)}  ID switches ${metrics.idSwitches}`);
        written.push(`${tracker}/preview.gif`, `${tracker}/results.txt`, `${tracker}/seqinfo.ini`, `${tracker}/frames/ (${CLIP_FRAMES} PNGs)`, `${tracker}.json`);
      }
      written.push('bytetrack/gt/gt.txt');
      console.log('deepsort   skipped: it needs appearance embeddings and no trained re-ID network ships (fovea track --tracker deepsort --reid <model>)');
      return written;
    },
  },
];

await rm(out, { recursive: true, force: true });
const written = [];
const started = performance.now();
for (const [i, step] of STEPS.entries()) {
  console.log(`\n[${i + 1}/${STEPS.length}] ${step.title}\n`);
  const skipped = await step.skip?.();
  if (skipped !== undefined) {
    console.log(`skipped: ${skipped}`);
    continue;
  }
  const dir = join(out, step.name);
  await mkdir(dir, { recursive: true });
  for (const file of await step.run(dir)) written.push(join(dir, file));
}
const shown = relative(process.cwd(), out) || '.';
console.log(`\nDemo done in ${((performance.now() - started) / 1000).toFixed(1)} s. Outputs in ${shown}/ (${out}):`);
for (const file of written) console.log(`  ${relative(out, file)}`);
