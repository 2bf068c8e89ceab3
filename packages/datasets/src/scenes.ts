// Synthetic detection / segmentation scenes from real images: MNIST digits and Fashion-MNIST items
// pasted onto crops of real photos or textured noise, with COCO annotations and per-pixel masks.
import * as tf from '@tensorflow/tfjs-core';
import { type CocoAnnotation, type CocoCategory, type CocoDataset, type CocoImage, encodeRleLabels } from './coco.js';
import { FASHION_MNIST_CLASSES } from './fashion_mnist.js';
import { MNIST_CLASSES } from './mnist.js';
import { mixSeeds, seededRandom } from './random.js';
import { checkOrder, MAX_TENSOR_BYTES, type OptionSpec, resolveOptions } from './scene_options.js';
import {
  composeInstances,
  finishScene,
  type GlyphRaster,
  glyphSetOf,
  instanceStats,
  luminanceUnder,
  paintGlyph,
  rasterizeGlyph,
  renderBackground,
  renderLayout,
  type RenderedScene,
  type SceneBackground,
  type SceneGlyph,
  type SceneInstance,
  type SceneLayout,
} from './scene_render.js';
import { type SceneSources, type SceneSplit, sceneSources } from './scene_sources.js';

/** The 20 categories: ids 1..10 the digits 0..9, 11..20 Fashion-MNIST's classes in their order. */
export const SCENE_CATEGORIES: readonly CocoCategory[] = [
  ...MNIST_CLASSES.map((name, i) => ({ id: i + 1, name, supercategory: 'digit' })),
  ...FASHION_MNIST_CLASSES.map((name, i) => ({ id: i + 1 + MNIST_CLASSES.length, name, supercategory: 'clothing' })),
];

export interface SceneOptions {
  /** Scenes depend only on (seed, split, index, options); default 0. An integer in 0..2³²−1. */
  seed?: number;
  /** Which images the objects come from: 'train' (default) or 'test', disjoint. */
  split?: SceneSplit;
  /** Image size in pixels, 16..4096; default 320 × 320. */
  height?: number;
  width?: number;
  /** Objects drawn per scene (a crowd counts as one), 1..50; default 1..12. */
  minObjects?: number;
  maxObjects?: number;
  /** Longer side of an object's silhouette box before clipping, in pixels, 4..1024; default 12..160. */
  minSize?: number;
  maxSize?: number;
  /** Chance that one of a scene's objects is a crowd (a pile of 5–10 small objects); default 0.1. */
  crowdProbability?: number;
  /** Chance that the background is cut from a photo rather than textured noise; default 0.75. */
  photoProbability?: number;
  /** An object less visible than this fraction of its silhouette (occluded or outside) is removed; default 0.25. */
  minVisibility?: number;
  /** Where Fashion-MNIST's files are; default $FOVEA_FASHION_MNIST_DIR or Debian's /usr/share/datasets/fashion-mnist. */
  fashionMnistDir?: string;
}

export interface SyntheticScenesOptions extends SceneOptions {
  /** How many scenes (indices 0..count−1), 1..100,000. */
  count: number;
  /** Called after each scene with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export type ResolvedSceneOptions = Required<Omit<SceneOptions, 'fashionMnistDir'>> & { fashionMnistDir?: string };

/** One scene as plain typed arrays. */
export interface Scene {
  index: number;
  /** [height, width, 3] RGB, row-major, 0..255. */
  image: Uint8ClampedArray;
  /** [height, width]: each pixel's category id, 0 for background (crowds included). */
  mask: Int32Array;
  /** [height, width]: 0 for background, k where annotations[k − 1] is visible. */
  instanceMask: Uint8Array;
  cocoImage: CocoImage;
  annotations: CocoAnnotation[];
  /** What was drawn, enough to render the scene again with `renderScene`. */
  layout: SceneLayout;
}

/** A batch of scenes as tensors (the caller disposes `images` and `masks`). */
export interface SyntheticScenes {
  /** [N, height, width, 3] float32, 0..255. */
  images: tf.Tensor4D;
  coco: CocoDataset;
  /** [N, height, width] int32 category ids, 0 = background. */
  masks: tf.Tensor3D;
}

export interface SceneGenerator {
  readonly options: Readonly<ResolvedSceneOptions>;
  readonly categories: readonly CocoCategory[];
  readonly sources: SceneSources;
  /** Scene `index` (0..2³²−1), the same on every call. */
  sceneAt(index: number): Scene;
  /** Scenes start, start + 1, … (count of them, or without end). */
  scenes(start?: number, count?: number): Generator<Scene>;
  /** Tensor batches of scenes start.. (count of them, or without end); the caller disposes each batch's tensors. */
  batches(options: { batchSize: number; start?: number; count?: number }): Generator<SyntheticScenes>;
  /** Render a layout (e.g. a scene's, or objects placed by hand) with this generator's sources. */
  render(layout: SceneLayout, background?: Uint8ClampedArray): RenderedScene;
}

export const SCENE_OPTION_SPECS: Record<string, OptionSpec> = {
  seed: { kind: 'integer', min: 0, max: 2 ** 32 - 1, fallback: 0 },
  split: { kind: 'enum', values: ['train', 'test'], fallback: 'train' },
  height: { kind: 'integer', min: 16, max: 4096, fallback: 320 },
  width: { kind: 'integer', min: 16, max: 4096, fallback: 320 },
  minObjects: { kind: 'integer', min: 1, max: 50, fallback: 1 },
  maxObjects: { kind: 'integer', min: 1, max: 50, fallback: 12 },
  minSize: { kind: 'integer', min: 4, max: 1024, fallback: 12 },
  maxSize: { kind: 'integer', min: 4, max: 1024, fallback: 160 },
  crowdProbability: { kind: 'number', min: 0, max: 1, fallback: 0.1 },
  photoProbability: { kind: 'number', min: 0, max: 1, fallback: 0.75 },
  minVisibility: { kind: 'number', min: 0, max: 1, fallback: 0.25 },
  fashionMnistDir: { kind: 'string' },
};

export function resolveSceneOptions(caller: string, options: unknown, extra: Record<string, OptionSpec> = {}): ResolvedSceneOptions & Record<string, unknown> {
  const resolved = resolveOptions(caller, options, { ...extra, ...SCENE_OPTION_SPECS }) as ResolvedSceneOptions & Record<string, unknown>;
  checkOrder(caller, 'minObjects', resolved.minObjects, 'maxObjects', resolved.maxObjects);
  checkOrder(caller, 'minSize', resolved.minSize, 'maxSize', resolved.maxSize);
  return resolved;
}

/** Annotation ids: image id × 100 + k for the scene's k-th annotation (k ≤ 50), unique across scenes. */
const ANNOTATIONS_PER_IMAGE = 100;

export function randomInt(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Log-uniform in low..high, rounded: as many objects of 12–24 px as of 80–160 px. */
export function randomSize(random: () => number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Math.round(Math.exp(Math.log(low) + random() * (Math.log(high) - Math.log(low))))));
}

/**
 * A glyph of the category with its silhouette box's longer side `size`, centred on (cx, cy); its
 * source image, mirroring and contrast drawn from `random` (its colour is chosen when painted).
 */
export function randomGlyph(random: () => number, sources: SceneSources, categoryId: number, size: number, cx: number, cy: number): SceneGlyph {
  const set = glyphSetOf(sources, categoryId);
  const pool = set.byClass[categoryId - set.firstCategory]!;
  const source = pool[Math.floor(random() * pool.length)]!;
  const box = set.boxes.subarray(source * 4, source * 4 + 4);
  const boxWidth = box[2]! - box[0]!;
  const boxHeight = box[3]! - box[1]!;
  const width = boxWidth >= boxHeight ? size : Math.max(1, Math.round((size * boxWidth) / boxHeight));
  const height = boxHeight >= boxWidth ? size : Math.max(1, Math.round((size * boxHeight) / boxWidth));
  return {
    categoryId,
    source,
    x: Math.round(cx - width / 2),
    y: Math.round(cy - height / 2),
    width,
    height,
    flip: set.dataset === 'fashion-mnist' && random() < 0.5,
    colour: [0, 0, 0],
    contrast: 0.25 + 0.75 * random(),
  };
}

/**
 * A tint whose luminance differs from `under` (the mean luminance it is painted over) by 40..100
 * or more, of random hue and saturation (YCbCr chroma up to 90), so objects stand out by varying amounts.
 */
export function contrastingColour(random: () => number, under: number): [number, number, number] {
  const gap = 40 + 60 * random();
  const below = Math.max(0, under - gap);
  const above = Math.max(0, 255 - (under + gap));
  const pick = random() * (below + above);
  const luma = pick < below ? pick : under + gap + (pick - below);
  const hue = random() * 2 * Math.PI;
  const chroma = random() * 90;
  const cb = chroma * Math.cos(hue);
  const cr = chroma * Math.sin(hue);
  const clamp = (value: number) => Math.round(Math.min(255, Math.max(0, value)));
  return [clamp(luma + 1.402 * cr), clamp(luma - 0.344136 * cb - 0.714136 * cr), clamp(luma + 1.772 * cb)];
}

export function randomBackground(random: () => number, sources: SceneSources, height: number, width: number, photoProbability: number): SceneBackground {
  if (random() < photoProbability) {
    const photo = Math.floor(random() * sources.photos.length);
    const { height: photoHeight, width: photoWidth } = sources.photos[photo]!;
    // The largest crop of the scene's aspect ratio, scaled by 0.3..1 and placed anywhere in the photo.
    const fit = Math.min(photoHeight, (photoWidth * height) / width);
    const cropHeight = fit * (0.3 + 0.7 * random());
    const cropWidth = (cropHeight * width) / height;
    const crop: [number, number, number, number] = [random() * (photoWidth - cropWidth), random() * (photoHeight - cropHeight), cropWidth, cropHeight];
    return { kind: 'photo', photo, crop, flip: random() < 0.5, gain: 0.7 + 0.6 * random() };
  }
  const colour = (): [number, number, number] => [randomInt(random, 0, 255), randomInt(random, 0, 255), randomInt(random, 0, 255)];
  return {
    kind: 'noise',
    seed: Math.floor(random() * 2 ** 32),
    colours: [colour(), colour()],
    cell: Math.max(height, width) / (1 + 3 * random()),
    grain: 40 * random(),
  };
}

/** A crowd: 5–10 small objects of one category (longer side minSize..min(maxSize, 2·minSize)) piled around one point. */
function randomCrowd(random: () => number, sources: SceneSources, options: ResolvedSceneOptions): SceneInstance {
  const categoryId = randomInt(random, 1, 20);
  const members = randomInt(random, 5, 10);
  const largest = Math.min(options.maxSize, 2 * options.minSize);
  const cx = random() * options.width;
  const cy = random() * options.height;
  const radius = 0.4 * largest * Math.sqrt(members);
  const glyphs = Array.from({ length: members }, () => {
    const size = randomInt(random, options.minSize, largest);
    const angle = random() * 2 * Math.PI;
    const distance = radius * Math.sqrt(random());
    return randomGlyph(random, sources, categoryId, size, cx + distance * Math.cos(angle), cy + distance * Math.sin(angle));
  });
  return { categoryId, iscrowd: 1, glyphs };
}

function randomInstances(random: () => number, sources: SceneSources, options: ResolvedSceneOptions, forceOne: boolean): SceneInstance[] {
  const { height, width } = options;
  if (forceOne) {
    // The last resort when every drawn object was hidden: one object, whole, in the middle.
    const categoryId = randomInt(random, 1, 20);
    const size = Math.max(options.minSize, Math.min(options.maxSize, height, width));
    return [{ categoryId, iscrowd: 0, glyphs: [randomGlyph(random, sources, categoryId, size, width / 2, height / 2)] }];
  }
  const count = randomInt(random, options.minObjects, options.maxObjects);
  const crowdAt = random() < options.crowdProbability ? Math.floor(random() * count) : -1;
  return Array.from({ length: count }, (_, k) => {
    if (k === crowdAt) return randomCrowd(random, sources, options);
    const categoryId = randomInt(random, 1, 20);
    const size = randomSize(random, options.minSize, options.maxSize);
    // Centres anywhere in the image: objects near the border are cut by it.
    const glyph = randomGlyph(random, sources, categoryId, size, random() * width, random() * height);
    return { categoryId, iscrowd: 0 as const, glyphs: [glyph] };
  });
}

const PLACEMENT_ATTEMPTS = 8;

/** Draw and render scene `index`: the layout is drawn, hidden objects removed, then colours chosen as each is painted. */
function drawScene(sources: SceneSources, options: ResolvedSceneOptions, index: number): { layout: SceneLayout; rendered: RenderedScene } {
  const { height, width } = options;
  const random = seededRandom(mixSeeds(options.seed, options.split === 'train' ? 1 : 2, index));
  const background = randomBackground(random, sources, height, width, options.photoProbability);
  const image = renderBackground(sources, background, height, width);
  const owner = new Uint8Array(height * width);
  let instances: SceneInstance[] = [];
  let rasters: GlyphRaster[][] = [];
  for (let attempt = 0; attempt <= PLACEMENT_ATTEMPTS && instances.length === 0; attempt++) {
    const forceOne = attempt === PLACEMENT_ATTEMPTS;
    const drawn = randomInstances(random, sources, options, forceOne);
    const drawnRasters = drawn.map((instance) => instance.glyphs.map((glyph) => rasterizeGlyph(sources, glyph)));
    composeInstances(owner, height, width, drawnRasters);
    const stats = instanceStats(owner, height, width, drawnRasters);
    // Removing an object only uncovers the others, so one pass keeps every survivor above the bar.
    const keep = stats.map((s) => s.area > 0 && (forceOne || s.area >= options.minVisibility * s.fullArea));
    instances = drawn.filter((_, k) => keep[k]);
    rasters = drawnRasters.filter((_, k) => keep[k]);
  }
  instances.forEach((instance, k) => {
    instance.glyphs.forEach((glyph, g) => {
      const raster = rasters[k]![g]!;
      glyph.colour = contrastingColour(random, luminanceUnder(image, height, width, raster));
      paintGlyph(image, height, width, raster, glyph);
    });
  });
  return { layout: { height, width, background, instances }, rendered: finishScene(image, height, width, instances, rasters) };
}

/** COCO annotations of a rendered scene: visible masks as RLE, their tight boxes and pixel counts. */
export function annotateScene(rendered: RenderedScene, layout: SceneLayout, imageId: number): CocoAnnotation[] {
  const rles = encodeRleLabels(rendered.instanceMask, layout.height, layout.width, layout.instances.length);
  return layout.instances.flatMap((instance, k) => {
    const stats = rendered.stats[k]!;
    if (stats.bbox === null) return [];
    return [
      {
        id: imageId * ANNOTATIONS_PER_IMAGE + k + 1,
        image_id: imageId,
        category_id: instance.categoryId,
        bbox: stats.bbox,
        area: stats.area,
        segmentation: rles[k]!,
        iscrowd: instance.iscrowd,
      },
    ];
  });
}

function checkIndex(caller: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 32 - 1) {
    throw new Error(`${caller}: ${name}: expected an integer in 0..${2 ** 32 - 1}, got ${String(value)}`);
  }
  return value;
}

/** Throw unless `count` images of height × width fit the 2 GiB bound as float32. */
export function checkTensorBytes(caller: string, option: string, count: number, height: number, width: number, unit: string, instead: string): void {
  const bytes = count * height * width * 3 * 4;
  if (bytes > MAX_TENSOR_BYTES) {
    throw new Error(
      `${caller}: ${option}: ${count} ${unit} of ${height} × ${width} need ${(bytes / 2 ** 30).toFixed(1)} GiB as float32, expected at most 2 GiB; ${instead}`,
    );
  }
}

/** Copy `count` scenes into one batch of tensors as they come, so no scene's own arrays outlive it. */
function collectScenes(scenes: Iterable<Scene>, count: number, height: number, width: number, onScene?: (done: number) => void): SyntheticScenes {
  const pixels = height * width;
  const images = new Float32Array(count * pixels * 3);
  const masks = new Int32Array(count * pixels);
  const coco: CocoDataset = { images: [], annotations: [], categories: SCENE_CATEGORIES.map((category) => ({ ...category })) };
  let i = 0;
  for (const scene of scenes) {
    if (scene.layout.height !== height || scene.layout.width !== width) {
      throw new Error(`scenesToTensors: scene ${i} is ${scene.layout.height} × ${scene.layout.width}, the first is ${height} × ${width}`);
    }
    images.set(scene.image, i * pixels * 3);
    masks.set(scene.mask, i * pixels);
    coco.images.push(scene.cocoImage);
    coco.annotations.push(...scene.annotations);
    onScene?.(++i);
  }
  return {
    images: tf.tensor4d(images, [count, height, width, 3], 'float32'),
    masks: tf.tensor3d(masks, [count, height, width], 'int32'),
    coco,
  };
}

/** Turn scenes (all of one size) into a batch of tensors: images, masks and their COCO dataset. */
export function scenesToTensors(scenes: readonly Scene[]): SyntheticScenes {
  if (scenes.length === 0) throw new Error('scenesToTensors: expected at least one scene, got none');
  const { height, width } = scenes[0]!.layout;
  checkTensorBytes('scenesToTensors', 'scenes', scenes.length, height, width, 'scenes', 'use smaller batches');
  return collectScenes(scenes, scenes.length, height, width);
}

/**
 * A generator of scenes that renders any one of them on demand, as plain typed arrays: stream
 * thousands for training without holding them, or take any subset reproducibly.
 */
export async function sceneGenerator(options: SceneOptions = {}): Promise<SceneGenerator> {
  const resolved = resolveSceneOptions('sceneGenerator', options);
  return makeGenerator(resolved, await sceneSources(resolved.split, resolved.fashionMnistDir));
}

function makeGenerator(options: ResolvedSceneOptions, sources: SceneSources): SceneGenerator {
  const sceneAt = (index: number): Scene => {
    checkIndex('sceneAt', 'index', index);
    const { layout, rendered } = drawScene(sources, options, index);
    const imageId = index + 1;
    return {
      index,
      image: rendered.image,
      mask: rendered.categoryMask,
      instanceMask: rendered.instanceMask,
      cocoImage: { id: imageId, file_name: `${options.split}-${options.seed}-${String(index).padStart(6, '0')}.png`, height: options.height, width: options.width },
      annotations: annotateScene(rendered, layout, imageId),
      layout,
    };
  };
  function* scenes(start = 0, count = Number.POSITIVE_INFINITY): Generator<Scene> {
    checkIndex('scenes', 'start', start);
    if (!(count >= 0)) throw new Error(`scenes: count: expected a non-negative number, got ${count}`);
    for (let index = start; index < start + count && index <= 2 ** 32 - 1; index++) yield sceneAt(index);
  }
  function* batches({ batchSize, start = 0, count = Number.POSITIVE_INFINITY }: { batchSize: number; start?: number; count?: number }): Generator<SyntheticScenes> {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error(`batches: batchSize: expected an integer in 1..10000, got ${batchSize}`);
    checkTensorBytes('batches', 'batchSize', batchSize, options.height, options.width, 'scenes', 'use smaller batches');
    const end = Math.min(start + count, 2 ** 32);
    for (let first = start; first < end; first += batchSize) {
      const size = Math.min(batchSize, end - first);
      yield collectScenes(scenes(first, size), size, options.height, options.width);
    }
  }
  return {
    options,
    categories: SCENE_CATEGORIES,
    sources,
    sceneAt,
    scenes,
    batches,
    render: (layout, background) => renderLayout(sources, layout, background),
  };
}

/**
 * `count` scenes (indices 0..count−1) as tensors and a COCO dataset: images [N, H, W, 3] float32
 * 0..255, masks [N, H, W] int32 category ids. For more than fit in memory, stream with `sceneGenerator`.
 */
export async function syntheticScenes(options: SyntheticScenesOptions): Promise<SyntheticScenes> {
  const resolved = resolveSceneOptions('syntheticScenes', options, {
    count: { kind: 'integer', min: 1, max: 100_000 },
    onProgress: { kind: 'function' },
  });
  const count = resolved['count'] as number;
  checkTensorBytes('syntheticScenes', 'count', count, resolved.height, resolved.width, 'scenes', 'stream them with sceneGenerator() instead');
  const onProgress = resolved['onProgress'] as SyntheticScenesOptions['onProgress'];
  const { count: _count, onProgress: _onProgress, ...sceneOptions } = resolved;
  const generator = makeGenerator(sceneOptions as ResolvedSceneOptions, await sceneSources(resolved.split, resolved.fashionMnistDir));
  return collectScenes(generator.scenes(0, count), count, resolved.height, resolved.width, (done) => onProgress?.(done, count));
}
