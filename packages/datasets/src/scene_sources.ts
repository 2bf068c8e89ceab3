// The real images synthetic scenes are built from: MNIST digits, Fashion-MNIST items and two photos,
// loaded once per process and split and kept as bytes (the Fashion-MNIST training set is 47 MB so).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImage } from '@foveajs/core';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR } from './fashion_mnist.js';
import { readIdx } from './idx.js';
import { MNIST_CLASSES, loadMnist } from './mnist.js';

/**
 * Intensity (0..1, after resampling) at or above which a pixel belongs to an object. Digits: the
 * middle of the anti-aliased pen edge, so the mask is the strokes (the holes of 0, 6, 8, 9 stay
 * background). Clothing: just above Fashion-MNIST's black background (13/255), so the mask is the
 * whole silhouette, dark fabric included; holes such as a bag's handle or a sandal's straps stay open.
 */
export const DIGIT_THRESHOLD = 0.5;
export const CLOTHING_THRESHOLD = 0.05;

/** The photos backgrounds are cut from (CC BY 2.0, see assets/ATTRIBUTION.md). */
export const BACKGROUND_PHOTOS = ['china.jpg', 'flower.jpg'] as const;
export type BackgroundPhoto = (typeof BACKGROUND_PHOTOS)[number];

export type SceneSplit = 'train' | 'test';

/** One family of 28×28 source images (MNIST or Fashion-MNIST) of one split. */
export interface GlyphSet {
  readonly dataset: 'mnist' | 'fashion-mnist';
  /** The first category id of the family (1 for digits, 11 for clothing). */
  readonly firstCategory: number;
  readonly threshold: number;
  /** n × 28 × 28 intensities, 0..255. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  /** The images of each class (only those with a non-empty silhouette). */
  readonly byClass: readonly Uint32Array[];
  /** n × 4: the tight box [x0, y0, x1, y1) of each image's silhouette at `threshold`. */
  readonly boxes: Uint8Array;
}

export interface Photo {
  readonly name: BackgroundPhoto;
  readonly height: number;
  readonly width: number;
  /** RGB, row-major, 0..255. */
  readonly pixels: Uint8Array;
}

export interface SceneSources {
  readonly split: SceneSplit;
  readonly mnist: GlyphSet;
  readonly fashion: GlyphSet;
  readonly photos: readonly Photo[];
}

const SIDE = 28;

function glyphSet(dataset: GlyphSet['dataset'], pixels: Uint8Array, labels: Uint8Array, threshold: number): GlyphSet {
  const count = labels.length;
  const boxes = new Uint8Array(count * 4);
  const members: number[][] = Array.from({ length: 10 }, () => []);
  const level = threshold * 255;
  for (let i = 0; i < count; i++) {
    let x0 = SIDE;
    let y0 = SIDE;
    let x1 = 0;
    let y1 = 0;
    for (let y = 0, p = i * SIDE * SIDE; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++, p++) {
        if (pixels[p]! < level) continue;
        if (x < x0) x0 = x;
        if (x >= x1) x1 = x + 1;
        if (y < y0) y0 = y;
        y1 = y + 1;
      }
    }
    if (x1 === 0) continue; // nothing above the threshold: never drawn
    boxes.set([x0, y0, x1, y1], i * 4);
    members[labels[i]!]!.push(i);
  }
  return {
    dataset,
    firstCategory: dataset === 'mnist' ? 1 : 1 + MNIST_CLASSES.length,
    threshold,
    pixels,
    labels,
    byClass: members.map((list) => Uint32Array.from(list)),
    boxes,
  };
}

function loadMnistGlyphs(split: SceneSplit): GlyphSet {
  const data = loadMnist()[split];
  const pixels = new Uint8Array(data.images.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.round(data.images[i]! * 255);
  return glyphSet('mnist', pixels, Uint8Array.from(data.labels), DIGIT_THRESHOLD);
}

async function loadFashionGlyphs(split: SceneSplit, dir: string): Promise<GlyphSet> {
  const hint = "Install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) or pass { fashionMnistDir } / set FOVEA_FASHION_MNIST_DIR.";
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = await readIdx(join(dir, `${prefix}-images-idx3-ubyte.gz`), hint);
  const labels = await readIdx(join(dir, `${prefix}-labels-idx1-ubyte.gz`), hint);
  const count = labels.shape[0]!;
  if (images.shape.join() !== `${count},${SIDE},${SIDE}` || labels.shape.length !== 1) {
    throw new Error(`Fashion-MNIST ${prefix}: expected images [N, 28, 28] and labels [N], got [${images.shape}] and [${labels.shape}]`);
  }
  const badLabel = labels.data.findIndex((label) => label >= FASHION_MNIST_CLASSES.length);
  if (badLabel >= 0) throw new Error(`Fashion-MNIST ${prefix}: label ${labels.data[badLabel]} at ${badLabel} is not a class 0..9`);
  return glyphSet('fashion-mnist', images.data, labels.data, CLOTHING_THRESHOLD);
}

async function loadPhoto(name: BackgroundPhoto): Promise<Photo> {
  const image = await readImage(fileURLToPath(new URL(`../assets/${name}`, import.meta.url)));
  try {
    const [height, width] = image.shape;
    return { name, height, width, pixels: Uint8Array.from(await image.data()) };
  } finally {
    image.dispose();
  }
}

let photos: Promise<Photo[]> | undefined;
const cache = new Map<string, Promise<SceneSources>>();

/**
 * The split's digits and clothing items and the background photos, loaded on first use and kept for
 * the process. Train and test draw from disjoint images: MNIST as `loadMnist()` splits it (8,000 /
 * 2,000), Fashion-MNIST by its official files (60,000 / 10,000).
 */
export function sceneSources(split: SceneSplit, fashionMnistDir?: string): Promise<SceneSources> {
  const dir = fashionMnistDir ?? process.env['FOVEA_FASHION_MNIST_DIR'] ?? FASHION_MNIST_DIR;
  const key = `${split}\u0000${dir}`;
  let sources = cache.get(key);
  if (sources === undefined) {
    if (photos === undefined) {
      photos = Promise.all(BACKGROUND_PHOTOS.map(loadPhoto));
      photos.catch(() => {
        photos = undefined;
      });
    }
    sources = (async () => ({ split, mnist: loadMnistGlyphs(split), fashion: await loadFashionGlyphs(split, dir), photos: await photos! }))();
    // A failed load (a missing file) is not cached, so a later call with the files in place works.
    sources.catch(() => cache.delete(key));
    cache.set(key, sources);
  }
  return sources;
}
