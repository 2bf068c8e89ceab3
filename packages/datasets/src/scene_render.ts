// The scene renderer: backgrounds, objects pasted in order (a later object covers earlier ones), and
// what is left visible of each object. Plain typed arrays only; tensors are made per batch elsewhere.
import { bilinearTaps } from './resample.js';
import { seededRandom } from './random.js';
import type { GlyphSet, SceneSources } from './scene_sources.js';

/** One pasted source image. */
export interface SceneGlyph {
  /** 1..10: the digits 0..9 (MNIST); 11..20: Fashion-MNIST's classes in order. */
  categoryId: number;
  /** Index of the source image in its split: `loadMnist()[split]` for digits, Fashion-MNIST's file of the split for clothing. */
  source: number;
  /**
   * Where the source's silhouette box lands, in pixels (fractional allowed; it may reach past the
   * image). The silhouette is resampled bilinearly to fill it; its longer side is the object's size.
   */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Mirror the source left to right (clothing only; digits are never mirrored). */
  flip: boolean;
  /** The tint, RGB 0..255. */
  colour: [number, number, number];
  /** How strongly the source's own shading darkens the tint, 0..1: pixel = colour × (1 − contrast + contrast × intensity). */
  contrast: number;
}

/** One annotation: a single object, or a crowd (a pile of objects of one category, annotated as one region). */
export interface SceneInstance {
  categoryId: number;
  iscrowd: 0 | 1;
  glyphs: SceneGlyph[];
}

export type SceneBackground =
  | {
      kind: 'photo';
      /** Index into `BACKGROUND_PHOTOS`. */
      photo: number;
      /** The part of the photo resized to the scene, [x, y, width, height] in photo pixels. */
      crop: [number, number, number, number];
      flip: boolean;
      /** Brightness factor. */
      gain: number;
    }
  | {
      kind: 'noise';
      /** Seed of the noise field (fractal value noise, 4 octaves) and its grain. */
      seed: number;
      /** The two colours the noise blends between. */
      colours: [[number, number, number], [number, number, number]];
      /** Size of the coarsest octave's cells, in pixels. */
      cell: number;
      /** Amplitude of the per-pixel grain, in 0..255 units. */
      grain: number;
    };

export interface SceneLayout {
  height: number;
  width: number;
  background: SceneBackground;
  /** In painting order: each instance covers the ones before it. */
  instances: SceneInstance[];
}

export interface InstanceStats {
  /** Visible pixels. */
  area: number;
  /** Pixels of the silhouette as placed, before clipping by the border and occlusion. */
  fullArea: number;
  /** Tight [x, y, width, height] of the visible pixels; null when none is visible. */
  bbox: [number, number, number, number] | null;
}

export interface RenderedScene {
  /** [height, width, 3] RGB, row-major, 0..255. */
  image: Uint8ClampedArray;
  /** [height, width]: 0 for background, k for `instances[k − 1]` where that instance is visible. */
  instanceMask: Uint8Array;
  /** [height, width]: the category id of the visible instance, 0 for background. */
  categoryMask: Int32Array;
  stats: InstanceStats[];
}

/** A glyph resampled to its place: intensities over the integer pixel rectangle it touches (unclipped). */
export interface GlyphRaster {
  left: number;
  top: number;
  width: number;
  height: number;
  /** width × height intensities, 0..1. */
  intensity: Float32Array;
  threshold: number;
  /** Pixels at or above the threshold. */
  area: number;
}

export const MAX_INSTANCES = 255;

export function glyphSetOf(sources: SceneSources, categoryId: number): GlyphSet {
  if (!Number.isInteger(categoryId) || categoryId < 1 || categoryId > 20) throw new Error(`categoryId: expected an integer in 1..20, got ${categoryId}`);
  return categoryId <= 10 ? sources.mnist : sources.fashion;
}

export function rasterizeGlyph(sources: SceneSources, glyph: SceneGlyph): GlyphRaster {
  const set = glyphSetOf(sources, glyph.categoryId);
  if (!Number.isInteger(glyph.source) || glyph.source < 0 || glyph.source >= set.labels.length) {
    throw new Error(`glyph.source: expected an integer in 0..${set.labels.length - 1} (${set.dataset} ${sources.split}), got ${glyph.source}`);
  }
  if (!(glyph.width > 0 && glyph.height > 0 && glyph.width <= 4096 && glyph.height <= 4096)) {
    throw new Error(`glyph size: expected width and height in (0, 4096], got ${glyph.width} × ${glyph.height}`);
  }
  if (!Number.isFinite(glyph.x) || !Number.isFinite(glyph.y)) throw new Error(`glyph position: expected finite x and y, got (${glyph.x}, ${glyph.y})`);
  const box = set.boxes.subarray(glyph.source * 4, glyph.source * 4 + 4);
  const [bx0, by0, bx1, by1] = [box[0]!, box[1]!, box[2]!, box[3]!];
  const left = Math.floor(glyph.x);
  const top = Math.floor(glyph.y);
  const width = Math.ceil(glyph.x + glyph.width) - left;
  const height = Math.ceil(glyph.y + glyph.height) - top;
  const xs = bilinearTaps(left, width, glyph.x, glyph.width, bx0, bx1 - bx0, 28, glyph.flip);
  const ys = bilinearTaps(top, height, glyph.y, glyph.height, by0, by1 - by0, 28);
  const intensity = new Float32Array(width * height);
  const pixels = set.pixels;
  const base = glyph.source * 784;
  const level = set.threshold;
  let area = 0;
  for (let r = 0, o = 0; r < height; r++) {
    const upper = base + ys.lo[r]! * 28;
    const lower = base + ys.hi[r]! * 28;
    const wy = ys.weight[r]!;
    for (let c = 0; c < width; c++, o++) {
      const lo = xs.lo[c]!;
      const hi = xs.hi[c]!;
      const wx = xs.weight[c]!;
      const a = pixels[upper + lo]! + (pixels[upper + hi]! - pixels[upper + lo]!) * wx;
      const b = pixels[lower + lo]! + (pixels[lower + hi]! - pixels[lower + lo]!) * wx;
      const value = (a + (b - a) * wy) / 255;
      intensity[o] = value;
      if (value >= level) area++;
    }
  }
  return { left, top, width, height, intensity, threshold: level, area };
}

/** The raster's rows and columns inside a [height, width] image. */
function clip(raster: GlyphRaster, height: number, width: number): { r0: number; r1: number; c0: number; c1: number } {
  return {
    r0: Math.max(0, -raster.top),
    r1: Math.min(raster.height, height - raster.top),
    c0: Math.max(0, -raster.left),
    c1: Math.min(raster.width, width - raster.left),
  };
}

/** Mean luminance (Rec. 601) of the image under the raster's in-frame silhouette; 128 when none is in frame. */
export function luminanceUnder(image: Uint8ClampedArray, height: number, width: number, raster: GlyphRaster): number {
  const { r0, r1, c0, c1 } = clip(raster, height, width);
  let sum = 0;
  let count = 0;
  for (let r = r0; r < r1; r++) {
    for (let c = c0, o = r * raster.width + c0; c < c1; c++, o++) {
      if (raster.intensity[o]! < raster.threshold) continue;
      const p = ((raster.top + r) * width + raster.left + c) * 3;
      sum += 0.299 * image[p]! + 0.587 * image[p + 1]! + 0.114 * image[p + 2]!;
      count++;
    }
  }
  return count === 0 ? 128 : sum / count;
}

/** Paint the raster's silhouette, opaque, in its tint shaded by the source's intensity. */
export function paintGlyph(image: Uint8ClampedArray, height: number, width: number, raster: GlyphRaster, glyph: SceneGlyph): void {
  const { r0, r1, c0, c1 } = clip(raster, height, width);
  const [red, green, blue] = glyph.colour;
  const contrast = glyph.contrast;
  for (let r = r0; r < r1; r++) {
    for (let c = c0, o = r * raster.width + c0; c < c1; c++, o++) {
      const value = raster.intensity[o]!;
      if (value < raster.threshold) continue;
      const shade = 1 - contrast + contrast * value;
      const p = ((raster.top + r) * width + raster.left + c) * 3;
      image[p] = red * shade;
      image[p + 1] = green * shade;
      image[p + 2] = blue * shade;
    }
  }
}

/** Mark each pixel with the 1-based index of the topmost instance whose silhouette covers it. */
export function composeInstances(owner: Uint8Array, height: number, width: number, rasters: readonly (readonly GlyphRaster[])[]): void {
  owner.fill(0);
  rasters.forEach((glyphs, k) => {
    for (const raster of glyphs) {
      const { r0, r1, c0, c1 } = clip(raster, height, width);
      for (let r = r0; r < r1; r++) {
        const row = (raster.top + r) * width + raster.left;
        for (let c = c0, o = r * raster.width + c0; c < c1; c++, o++) {
          if (raster.intensity[o]! >= raster.threshold) owner[row + c] = k + 1;
        }
      }
    }
  });
}

/**
 * Visible area and tight box of each instance from the instance mask; with `categories`, also fill
 * `categoryMask` with the category id of each pixel's instance.
 */
export function instanceStats(
  owner: Uint8Array,
  height: number,
  width: number,
  rasters: readonly (readonly GlyphRaster[])[],
  categories?: readonly number[],
  categoryMask?: Int32Array,
): InstanceStats[] {
  const count = rasters.length;
  const area = new Float64Array(count + 1);
  const x0 = new Int32Array(count + 1).fill(width);
  const y0 = new Int32Array(count + 1).fill(height);
  const x1 = new Int32Array(count + 1).fill(-1);
  const y1 = new Int32Array(count + 1).fill(-1);
  const categoryOf = Int32Array.from([0, ...(categories ?? [])]);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const k = owner[p]!;
      if (k === 0) continue;
      if (categoryMask !== undefined) categoryMask[p] = categoryOf[k]!;
      area[k]!++;
      if (x < x0[k]!) x0[k] = x;
      if (x > x1[k]!) x1[k] = x;
      if (y < y0[k]!) y0[k] = y;
      y1[k] = y;
    }
  }
  return rasters.map((glyphs, i) => {
    const k = i + 1;
    const visible = area[k]!;
    return {
      area: visible,
      fullArea: glyphs.reduce((sum, raster) => sum + raster.area, 0),
      bbox: visible === 0 ? null : [x0[k]!, y0[k]!, x1[k]! - x0[k]! + 1, y1[k]! - y0[k]! + 1],
    };
  });
}

/** Render a background into a new [height, width, 3] image. */
export function renderBackground(sources: SceneSources, background: SceneBackground, height: number, width: number): Uint8ClampedArray {
  const image = new Uint8ClampedArray(height * width * 3);
  if (background.kind === 'photo') {
    paintPhoto(image, sources, background, height, width);
    return image;
  }
  // Fractal value noise (four octaves) blending two colours, plus per-pixel grain.
  const random = seededRandom(background.seed);
  const field = new Float32Array(height * width);
  let amplitude = 1;
  let total = 0;
  for (let octave = 0, cell = background.cell; octave < 4 && cell >= 1; octave++, cell /= 2, amplitude /= 2) {
    addNoiseOctave(field, height, width, cell, amplitude, random);
    total += amplitude;
  }
  const [from, to] = background.colours;
  const [r0, g0, b0] = from;
  const [dr, dg, db] = [to[0] - r0, to[1] - g0, to[2] - b0];
  const grainAmplitude = background.grain;
  for (let p = 0, o = 0; p < field.length; p++, o += 3) {
    // Sums of uniform octaves crowd around 0.5: stretch them back towards the two colours.
    const t = Math.min(1, Math.max(0, (field[p]! / total - 0.5) * 2.5 + 0.5));
    const grain = grainAmplitude * (random() - 0.5);
    image[o] = r0 + dr * t + grain;
    image[o + 1] = g0 + dg * t + grain;
    image[o + 2] = b0 + db * t + grain;
  }
  return image;
}

/** Resize the background's crop of its photo to the scene, mirrored if asked, times its gain. */
function paintPhoto(image: Uint8ClampedArray, sources: SceneSources, background: Extract<SceneBackground, { kind: 'photo' }>, height: number, width: number): void {
  const photo = sources.photos[background.photo];
  if (photo === undefined) throw new Error(`background.photo: expected 0..${sources.photos.length - 1}, got ${background.photo}`);
  const [cx, cy, cw, ch] = background.crop;
  const xs = bilinearTaps(0, width, 0, width, cx, cw, photo.width, background.flip);
  const ys = bilinearTaps(0, height, 0, height, cy, ch, photo.height);
  const left = xs.lo.map((x) => x * 3);
  const right = xs.hi.map((x) => x * 3);
  const pixels = photo.pixels;
  const gain = background.gain;
  const rowStride = photo.width * 3;
  for (let y = 0, o = 0; y < height; y++) {
    const upper = ys.lo[y]! * rowStride;
    const lower = ys.hi[y]! * rowStride;
    // The four weights of each pixel with the gain folded in: half the work of nested lerps.
    const top = gain * (1 - ys.weight[y]!);
    const bottom = gain * ys.weight[y]!;
    for (let x = 0; x < width; x++, o += 3) {
      const wx = xs.weight[x]!;
      const tl = upper + left[x]!;
      const tr = upper + right[x]!;
      const bl = lower + left[x]!;
      const br = lower + right[x]!;
      const a = top * (1 - wx);
      const b = top * wx;
      const c = bottom * (1 - wx);
      const d = bottom * wx;
      image[o] = pixels[tl]! * a + pixels[tr]! * b + pixels[bl]! * c + pixels[br]! * d;
      image[o + 1] = pixels[tl + 1]! * a + pixels[tr + 1]! * b + pixels[bl + 1]! * c + pixels[br + 1]! * d;
      image[o + 2] = pixels[tl + 2]! * a + pixels[tr + 2]! * b + pixels[bl + 2]! * c + pixels[br + 2]! * d;
    }
  }
}

/**
 * Add one octave of value noise: random values on a grid of `cell`-pixel cells, resampled
 * bilinearly. The grid's rows are interpolated along x first, so a pixel costs one lerp along y.
 */
function addNoiseOctave(field: Float32Array, height: number, width: number, cell: number, amplitude: number, random: () => number): void {
  const gridHeight = Math.ceil(height / cell) + 1;
  const gridWidth = Math.ceil(width / cell) + 1;
  const grid = new Float32Array(gridHeight * gridWidth);
  for (let i = 0; i < grid.length; i++) grid[i] = amplitude * random();
  const xs = bilinearTaps(0, width, 0, width, 0, width / cell, gridWidth);
  const ys = bilinearTaps(0, height, 0, height, 0, height / cell, gridHeight);
  const rows = new Float32Array(gridHeight * width);
  for (let g = 0, o = 0; g < gridHeight; g++) {
    const row = g * gridWidth;
    for (let x = 0; x < width; x++, o++) {
      const a = grid[row + xs.lo[x]!]!;
      rows[o] = a + (grid[row + xs.hi[x]!]! - a) * xs.weight[x]!;
    }
  }
  for (let y = 0, o = 0; y < height; y++) {
    const upper = ys.lo[y]! * width;
    const lower = ys.hi[y]! * width;
    const wy = ys.weight[y]!;
    for (let x = 0; x < width; x++, o++) {
      const a = rows[upper + x]!;
      field[o] = field[o]! + a + (rows[lower + x]! - a) * wy;
    }
  }
}

/**
 * Render a layout as it is: the background (or a copy of `background`, when given, e.g. a video's),
 * then each instance's glyphs in order with their own colours.
 */
export function renderLayout(sources: SceneSources, layout: SceneLayout, background?: Uint8ClampedArray): RenderedScene {
  const { height, width } = layout;
  if (layout.instances.length > MAX_INSTANCES) throw new Error(`layout.instances: at most ${MAX_INSTANCES} instances, got ${layout.instances.length}`);
  let image: Uint8ClampedArray;
  if (background === undefined) {
    image = renderBackground(sources, layout.background, height, width);
  } else {
    if (background.length !== height * width * 3) throw new Error(`background: expected ${height} × ${width} × 3 values, got ${background.length}`);
    image = background.slice();
  }
  const rasters = layout.instances.map((instance) => instance.glyphs.map((glyph) => rasterizeGlyph(sources, glyph)));
  layout.instances.forEach((instance, k) => {
    instance.glyphs.forEach((glyph, g) => {
      paintGlyph(image, height, width, rasters[k]![g]!, glyph);
    });
  });
  return finishScene(image, height, width, layout.instances, rasters);
}

export function finishScene(
  image: Uint8ClampedArray,
  height: number,
  width: number,
  instances: readonly SceneInstance[],
  rasters: readonly (readonly GlyphRaster[])[],
): RenderedScene {
  const instanceMask = new Uint8Array(height * width);
  composeInstances(instanceMask, height, width, rasters);
  const categoryMask = new Int32Array(height * width);
  const categories = instances.map((instance) => instance.categoryId);
  return { image, instanceMask, categoryMask, stats: instanceStats(instanceMask, height, width, rasters, categories, categoryMask) };
}
