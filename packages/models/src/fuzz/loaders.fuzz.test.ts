// The loader fuzzer (issue #22): valid model files and images, mutated — truncated, bits flipped,
// size fields overwritten with huge values, manifest entries rewritten, shards replaced by links —
// fed to every loader (loadModel for .h5, .keras and model.json, loadWeightsInto for .h5 and
// model.json, core's readImage and decodeImage). Each load must either succeed with a working model
// or image, or fail with an error that names the file; either way no tensor or variable is left.
// `npm test` runs a fixed-seed slice; FOVEA_FUZZ_SECONDS=1800 runs random seeds (see the README).
import { appendFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeImage, encodePng, readImage } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadWeightsInto, saveModel } from '../index.js';
import { FUZZ, fuzzParameters, type Mutation, mutate, mutationArb } from './mutations.js';

let dir: string;
let cases = 0;
/** A timed run's share per target, plus the usual allowance for a hung case. */
const TIMED_RUN = FUZZ.seconds === undefined ? undefined : (FUZZ.seconds * 1000) / 4 + 600_000;
const seeds: Record<'h5' | 'keras' | 'json' | 'bin' | 'png', Uint8Array> = {} as never;

/** A small conv + dense model: every loader's layer kinds, quick to build. */
function smallModel(): tfl.LayersModel {
  const model = tfl.sequential({
    name: 'fuzzed',
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, name: 'conv' }),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ units: 2, name: 'dense' }),
    ],
  });
  tf.tidy(() => model.setWeights(model.weights.map((w, i) => tf.randomUniform(w.shape as number[], -1, 1, 'float32', i + 1))));
  return model;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-loader-fuzz-'));
  const model = smallModel();
  await saveModel(model, join(dir, 'seed.h5'));
  await saveModel(model, join(dir, 'seed.keras'));
  await saveModel(model, join(dir, 'seed-tfjs', 'model.json'));
  model.dispose();
  seeds.h5 = new Uint8Array(await readFile(join(dir, 'seed.h5')));
  seeds.keras = new Uint8Array(await readFile(join(dir, 'seed.keras')));
  seeds.json = new Uint8Array(await readFile(join(dir, 'seed-tfjs', 'model.json')));
  const manifest = JSON.parse(new TextDecoder().decode(seeds.json)) as { weightsManifest: Array<{ paths: string[] }> };
  seeds.bin = new Uint8Array(await readFile(join(dir, 'seed-tfjs', manifest.weightsManifest[0]!.paths[0]!)));
  const image = tf.tidy(() => tf.cast(tf.mul(tf.randomUniform([9, 7, 3], 0, 1, 'float32', 7), 255), 'int32'));
  seeds.png = await encodePng(image);
  image.dispose();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function engineState() {
  return { tensors: tf.memory().numTensors, variables: Object.keys(tf.engine().registeredVariables).length };
}

/**
 * Run `load` and check the outcome: a result `check` accepts (and then disposes), or an error whose
 * message names `path`; nothing left behind in either case.
 */
async function expectCleanOutcome<T>(path: string, load: () => Promise<T>, check: (value: T) => void, what: string): Promise<void> {
  // FOVEA_FUZZ_TRACE=file: each case, written before it runs, names the case a hung run is in.
  if (FUZZ.trace !== undefined) await appendFile(FUZZ.trace, `${what}\n`);
  const before = engineState();
  let value: T | undefined;
  let failure: unknown;
  try {
    value = await load();
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) {
    check(value as T);
  } else {
    if (!(failure instanceof Error)) throw new Error(`${what}: threw a non-Error ${String(failure)}`);
    const name = path.split('/').pop()!;
    if (!failure.message.includes(name)) throw new Error(`${what}: the error does not name ${name}: ${failure.message}`);
  }
  const after = engineState();
  if (after.tensors !== before.tensors || after.variables !== before.variables) {
    throw new Error(`${what}: ${after.tensors - before.tensors} tensors and ${after.variables - before.variables} variables left behind (${failure === undefined ? 'after a load' : `after: ${(failure as Error).message}`})`);
  }
}

/** A loaded model must predict on its input shape; then it is disposed. */
function checkModel(model: tfl.LayersModel): void {
  tf.tidy(() => {
    const shape = model.inputs[0]!.shape.map((d) => d ?? 1);
    const out = model.predict(tf.zeros(shape)) as tf.Tensor;
    out.dataSync();
  });
  model.dispose();
}

async function caseDir(): Promise<string> {
  const path = join(dir, `case-${cases++}`);
  await mkdir(path);
  return path;
}

describe('loader fuzzer: mutated model files and images give a clean error or a correct load', () => {
  it('.h5 files to loadModel and loadWeightsInto', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArb(), fc.boolean(), async (mutation: Mutation, intoModel: boolean) => {
        const path = join(await caseDir(), 'model.h5');
        await writeFile(path, mutate(seeds.h5, mutation));
        const label = `.h5 ${JSON.stringify(mutation)} ${intoModel ? 'loadWeightsInto' : 'loadModel'}`;
        if (!intoModel) return expectCleanOutcome(path, () => loadModel(path), checkModel, label);
        const target = smallModel();
        try {
          await expectCleanOutcome(path, () => loadWeightsInto(target, path), () => undefined, label);
        } finally {
          target.dispose();
        }
      }),
      fuzzParameters(4, 22_100),
    );
  }, TIMED_RUN);

  it('.keras archives to loadModel', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArb({ zip: true }), async (mutation: Mutation) => {
        const path = join(await caseDir(), 'model.keras');
        await writeFile(path, mutate(seeds.keras, mutation));
        await expectCleanOutcome(path, () => loadModel(path), checkModel, `.keras ${JSON.stringify(mutation)}`);
      }),
      fuzzParameters(4, 22_101),
    );
  }, TIMED_RUN);

  it('tfjs model.json and its shard to loadModel, with the shard mutated, rewritten or a link', async () => {
    await fc.assert(
      fc.asyncProperty(manifestEditArb, mutationArb(), fc.constantFrom('json', 'bin', 'both'), shardLinkArb, async (edit, mutation, target, link) => {
        const caseFolder = await caseDir();
        const manifest = JSON.parse(new TextDecoder().decode(seeds.json)) as ModelJson;
        const shardName = manifest.weightsManifest[0]!.paths[0]!;
        const edited = editManifest(manifest, edit);
        const json = new TextEncoder().encode(JSON.stringify(edited));
        const path = join(caseFolder, 'model.json');
        await writeFile(path, target === 'bin' ? json : mutate(json, mutation));
        const shardPath = join(caseFolder, shardName);
        if (link === 'none') await writeFile(shardPath, target === 'json' ? seeds.bin : mutate(seeds.bin, mutation));
        else if (link === 'dev-zero') await symlink('/dev/zero', shardPath);
        else if (link === 'directory') await mkdir(shardPath);
        else {
          await writeFile(join(dir, `outside-${cases}.bin`), seeds.bin);
          await symlink(join(dir, `outside-${cases}.bin`), shardPath);
        }
        await expectCleanOutcome(path, () => loadModel(path), checkModel, `model.json ${JSON.stringify({ edit, mutation, target, link })}`);
      }),
      fuzzParameters(4, 22_102),
    );
  }, TIMED_RUN);

  it('PNG images to readImage and decodeImage, with and without a size to decode to', async () => {
    await fc.assert(
      fc.asyncProperty(mutationArb({ png: true }), fc.boolean(), fc.option(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })), { nil: undefined }), async (mutation, fromFile, size) => {
        const bytes = mutate(seeds.png, mutation);
        const path = join(await caseDir(), 'image.png');
        await writeFile(path, bytes);
        const maxPixels = 10_000;
        const options = size === undefined ? { maxPixels } : { maxPixels, size };
        const label = `png ${JSON.stringify(mutation)} ${fromFile ? 'readImage' : 'decodeImage'} ${JSON.stringify(options)}`;
        const check = (image: tf.Tensor3D) => {
          const [height, width, channels] = image.shape;
          expect(channels, label).toBe(3);
          if (size !== undefined) expect([height, width], label).toEqual(size);
          expect(height * width, label).toBeLessThanOrEqual(maxPixels);
          image.dispose();
        };
        // decodeImage has no file to name: its errors must say it is the image that is bad.
        if (fromFile) await expectCleanOutcome(path, () => readImage(path, options), check, label);
        else await expectCleanOutcome('decodeImage', () => decodeImage(bytes, options), check, label);
      }),
      fuzzParameters(4, 22_103),
    );
  }, TIMED_RUN);

  it('the seeds themselves load, so the properties test mutations and not broken seeds', async () => {
    for (const name of ['seed.h5', 'seed.keras', join('seed-tfjs', 'model.json')]) {
      const model = await loadModel(join(dir, name));
      expect(model.layers.map((l) => l.name)).toEqual(['conv', 'flat', 'dense']);
      model.dispose();
    }
    const image = await decodeImage(seeds.png);
    expect(image.shape).toEqual([9, 7, 3]);
    image.dispose();
  });
});

interface ModelJson {
  weightsManifest: Array<{ paths: string[]; weights: Array<Record<string, unknown>> }>;
  [key: string]: unknown;
}

/** One edit of a tfjs manifest: huge or negative shapes and sizes, other dtypes, nulls, paths out of the folder. */
type ManifestEdit =
  | { kind: 'none' }
  | { kind: 'shape'; weight: number; shape: unknown }
  | { kind: 'dtype'; weight: number; dtype: unknown }
  | { kind: 'null'; where: 'group' | 'spec' | 'paths' | 'manifest' }
  | { kind: 'path'; path: string }
  | { kind: 'drop'; weight: number }
  | { kind: 'quantization'; weight: number };

const manifestEditArb: fc.Arbitrary<ManifestEdit> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<ManifestEdit>({ kind: 'none' }) },
  fc.record({
    kind: fc.constant('shape' as const),
    weight: fc.integer({ min: 0, max: 3 }),
    shape: fc.constantFrom([2 ** 31, 2 ** 31], [-1, 3], [1e9], [], null, 'abc', [3, 3, 2, 3, 1], [Number.NaN], [0, 3]),
  }),
  fc.record({ kind: fc.constant('dtype' as const), weight: fc.integer({ min: 0, max: 3 }), dtype: fc.constantFrom('int32', 'bool', 'string', 'float16', 'complex64', null, 7) }),
  fc.record({ kind: fc.constant('null' as const), where: fc.constantFrom<'group' | 'spec' | 'paths' | 'manifest'>('group', 'spec', 'paths', 'manifest') }),
  fc.record({ kind: fc.constant('path' as const), path: fc.constantFrom('../seed.h5', '/etc/passwd', '', 'missing.bin', '.', 'a/../../b.bin', 'x'.repeat(300)) }),
  fc.record({ kind: fc.constant('drop' as const), weight: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('quantization' as const), weight: fc.integer({ min: 0, max: 3 }) }),
);

const shardLinkArb = fc.oneof({ weight: 6, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom('dev-zero' as const, 'directory' as const, 'outside' as const) });

function editManifest(json: ModelJson, edit: ManifestEdit): unknown {
  const group = json.weightsManifest[0]!;
  const spec = (i: number) => group.weights[i % group.weights.length]!;
  switch (edit.kind) {
    case 'none':
      return json;
    case 'shape':
      spec(edit.weight)['shape'] = edit.shape;
      return json;
    case 'dtype':
      spec(edit.weight)['dtype'] = edit.dtype;
      return json;
    case 'null':
      if (edit.where === 'group') (json.weightsManifest as unknown[])[0] = null;
      else if (edit.where === 'spec') (group.weights as unknown[])[0] = null;
      else if (edit.where === 'paths') (group as { paths: unknown }).paths = null;
      else (json as { weightsManifest: unknown }).weightsManifest = null;
      return json;
    case 'path':
      group.paths[0] = edit.path;
      return json;
    case 'drop':
      group.weights.splice(edit.weight % group.weights.length, 1);
      return json;
    case 'quantization':
      spec(edit.weight)['quantization'] = { dtype: 'uint8', scale: 1e38, min: Number.NaN };
      return json;
  }
}

// Keep the FUZZ settings visible in the test output of a timed run.
if (FUZZ.seconds !== undefined) console.log(`loader fuzzer: ${FUZZ.seconds} s of random seeds${FUZZ.seed === undefined ? '' : ` from seed ${FUZZ.seed}`}`);
