// Training augmentation on plain typed arrays, image and boxes together: mosaic (four images
// around a random centre, as YOLOv5/v8), a random scale and translation, a horizontal flip, and
// HSV gains. Scale and translation are an axis-aligned affine map, so a box maps to a box exactly;
// boxes are then clipped to the canvas. A box cut to less than `minArea` of its area (or under 2 px)
// no longer counts as an object, but its pixels are still there: it becomes an ignored region
// (crowd), so the detector is not taught to call a visible part of an object background.

/** One training image and its objects (boxes [x1, y1, x2, y2] in pixels, classes 0-based). */
export interface DetectionSample {
  /** [height, width, 3] RGB, 0..255. */
  image: Uint8Array | Uint8ClampedArray | Float32Array;
  height: number;
  width: number;
  boxes: Float32Array;
  classes: Int32Array;
  /** 1 for a crowd / ignored region. */
  crowd: Uint8Array;
}

export interface AugmentOptions {
  /** Probability of a mosaic of four images. Default 1 (YOLOv8's). */
  mosaic?: number;
  /** Scale gain range: × U(1 − scale, 1 + scale). Default 0.5. */
  scale?: number;
  /** Translation: ± translate × canvas size. Default 0.1. */
  translate?: number;
  /** Probability of a left-right flip. Default 0.5. */
  fliplr?: number;
  /** HSV gains: hue ± hsvH (fraction of the circle), saturation and value × U(1 ± hsvS / hsvV). Defaults 0.015, 0.7, 0.4. */
  hsvH?: number;
  hsvS?: number;
  hsvV?: number;
  /** Smallest fraction of a box's area left after clipping for it to stay an object. Default 0.25. */
  minArea?: number;
}

export type ResolvedAugment = Required<AugmentOptions>;

export const NO_AUGMENT: ResolvedAugment = { mosaic: 0, scale: 0, translate: 0, fliplr: 0, hsvH: 0, hsvS: 0, hsvV: 0, minArea: 0.25 };

export function resolveAugment(options: AugmentOptions = {}): ResolvedAugment {
  const o = { mosaic: 1, scale: 0.5, translate: 0.1, fliplr: 0.5, hsvH: 0.015, hsvS: 0.7, hsvV: 0.4, minArea: 0.25, ...options };
  for (const [key, value] of Object.entries(o)) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new RangeError(`augment: ${key} must be a number in [0, 1], got ${String(value)}`);
  }
  return o;
}

/** The pad colour of mosaic and translation borders. */
const PAD = 114;

/** A sample placed on a canvas: image float32 [size, size, 3] and its targets. */
export interface AugmentedSample {
  image: Float32Array;
  size: number;
  boxes: Float32Array;
  classes: Int32Array;
  crowd: Uint8Array;
}

interface Placed {
  boxes: number[];
  classes: number[];
  crowd: number[];
}

/** Per output pixel along one axis: the two source pixels of its bilinear sample and the weight (pixel centres at +0.5). */
function axisTaps(outSize: number, scale: number, offset: number, srcSize: number): { i0: Int32Array; i1: Int32Array; w: Float32Array; inside: Uint8Array } {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w = new Float32Array(outSize);
  const inside = new Uint8Array(outSize);
  for (let o = 0; o < outSize; o++) {
    // Output pixel centre o + 0.5 comes from source position (o + 0.5 − offset) / scale.
    const s = (o + 0.5 - offset) / scale - 0.5;
    if (s < -0.5 || s > srcSize - 0.5) continue;
    inside[o] = 1;
    const f = Math.floor(s);
    i0[o] = Math.min(srcSize - 1, Math.max(0, f));
    i1[o] = Math.min(srcSize - 1, Math.max(0, f + 1));
    w[o] = s - f;
  }
  return { i0, i1, w, inside };
}

interface Region {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Draw `src` (height × width × 3) scaled by `scale` and shifted — destination position = source
 * position · scale + (dx, dy) — onto `dst` (size × size × 3), at the pixels whose centres lie in `region`.
 */
function drawScaled(dst: Float32Array, size: number, src: DetectionSample, scale: number, dx: number, dy: number, region: Region): void {
  const x0 = Math.max(0, Math.ceil(region.x1 - 0.5));
  const x1 = Math.min(size, Math.ceil(region.x2 - 0.5));
  const y0 = Math.max(0, Math.ceil(region.y1 - 0.5));
  const y1 = Math.min(size, Math.ceil(region.y2 - 0.5));
  if (x1 <= x0 || y1 <= y0) return;
  const xs = axisTaps(size, scale, dx, src.width);
  const ys = axisTaps(size, scale, dy, src.height);
  const img = src.image;
  const stride = src.width * 3;
  for (let y = y0; y < y1; y++) {
    if (ys.inside[y] === 0) continue;
    const r0 = ys.i0[y]! * stride;
    const r1 = ys.i1[y]! * stride;
    const wy = ys.w[y]!;
    for (let x = x0; x < x1; x++) {
      if (xs.inside[x] === 0) continue;
      const c0 = xs.i0[x]! * 3;
      const c1 = xs.i1[x]! * 3;
      const wx = xs.w[x]!;
      const o = (y * size + x) * 3;
      for (let k = 0; k < 3; k++) {
        const top = img[r0 + c0 + k]! + (img[r0 + c1 + k]! - img[r0 + c0 + k]!) * wx;
        const bottom = img[r1 + c0 + k]! + (img[r1 + c1 + k]! - img[r1 + c0 + k]!) * wx;
        dst[o + k] = top + (bottom - top) * wy;
      }
    }
  }
}

/**
 * Add `src`'s boxes mapped as drawScaled maps the image and clipped to `region` ∩ the canvas; a
 * box left with under 2 px a side or under `minArea` of its mapped area becomes an ignored region.
 */
function placeBoxes(out: Placed, src: DetectionSample, scale: number, dx: number, dy: number, size: number, region: Region, minArea: number): void {
  const rx1 = Math.max(0, region.x1);
  const ry1 = Math.max(0, region.y1);
  const rx2 = Math.min(size, region.x2);
  const ry2 = Math.min(size, region.y2);
  for (let i = 0; i < src.classes.length; i++) {
    const x1 = src.boxes[i * 4]! * scale + dx;
    const y1 = src.boxes[i * 4 + 1]! * scale + dy;
    const x2 = src.boxes[i * 4 + 2]! * scale + dx;
    const y2 = src.boxes[i * 4 + 3]! * scale + dy;
    const cx1 = Math.min(rx2, Math.max(rx1, x1));
    const cy1 = Math.min(ry2, Math.max(ry1, y1));
    const cx2 = Math.min(rx2, Math.max(rx1, x2));
    const cy2 = Math.min(ry2, Math.max(ry1, y2));
    const w = cx2 - cx1;
    const h = cy2 - cy1;
    if (w <= 0 || h <= 0) continue;
    const kept = src.crowd[i] !== 1 && w > 2 && h > 2 && (w * h) / Math.max((x2 - x1) * (y2 - y1), 1e-9) >= minArea;
    out.boxes.push(cx1, cy1, cx2, cy2);
    out.classes.push(src.classes[i]!);
    out.crowd.push(kept ? 0 : 1);
  }
}

function uniform(random: () => number, low: number, high: number): number {
  return low + (high - low) * random();
}

/** RGB ↔ HSV gains on a float32 0..255 image, in place (hue as a fraction of the circle). */
export function hsvAugment(image: Float32Array, hueShift: number, satGain: number, valGain: number): void {
  if (hueShift === 0 && satGain === 1 && valGain === 1) return;
  for (let p = 0; p < image.length; p += 3) {
    const r = image[p]!;
    const g = image[p + 1]!;
    const b = image[p + 2]!;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const delta = max - min;
    let h = 0;
    if (delta > 0) {
      if (max === r) h = ((g - b) / delta) % 6;
      else if (max === g) h = (b - r) / delta + 2;
      else h = (r - g) / delta + 4;
      h /= 6;
    }
    const s = max > 0 ? Math.min(1, (delta / max) * satGain) : 0;
    const v = Math.min(255, max * valGain);
    h = (((h + hueShift) % 1) + 1) % 1;
    const c = v * s;
    const hp = h * 6;
    const x = c * (1 - Math.abs((hp % 2) - 1));
    const m = v - c;
    // The six hue sectors (no per-pixel allocations: this loop runs for every training pixel).
    let rr: number;
    let gg: number;
    let bb: number;
    if (hp < 1) {
      rr = c;
      gg = x;
      bb = 0;
    } else if (hp < 2) {
      rr = x;
      gg = c;
      bb = 0;
    } else if (hp < 3) {
      rr = 0;
      gg = c;
      bb = x;
    } else if (hp < 4) {
      rr = 0;
      gg = x;
      bb = c;
    } else if (hp < 5) {
      rr = x;
      gg = 0;
      bb = c;
    } else {
      rr = c;
      gg = 0;
      bb = x;
    }
    image[p] = rr + m;
    image[p + 1] = gg + m;
    image[p + 2] = bb + m;
  }
}

/** Mirror a size × size image and its boxes left-right, in place. */
export function flipLeftRight(image: Float32Array, size: number, boxes: Float32Array): void {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size >> 1; x++) {
      const a = (y * size + x) * 3;
      const b = (y * size + size - 1 - x) * 3;
      for (let k = 0; k < 3; k++) {
        const t = image[a + k]!;
        image[a + k] = image[b + k]!;
        image[b + k] = t;
      }
    }
  }
  for (let i = 0; i < boxes.length; i += 4) {
    const x1 = boxes[i]!;
    boxes[i] = size - boxes[i + 2]!;
    boxes[i + 2] = size - x1;
  }
}

/**
 * One training canvas of `size` × `size` from `primary` (and, for a mosaic, three more from
 * `others()`), augmented by `options` with draws from `random`.
 */
export function augmentSample(primary: DetectionSample, others: () => DetectionSample, size: number, options: ResolvedAugment, random: () => number): AugmentedSample {
  const image = new Float32Array(size * size * 3).fill(PAD);
  const placed: Placed = { boxes: [], classes: [], crowd: [] };
  const gain = options.scale > 0 ? uniform(random, 1 - options.scale, 1 + options.scale) : 1;
  const shiftX = options.translate > 0 ? uniform(random, -options.translate, options.translate) * size : 0;
  const shiftY = options.translate > 0 ? uniform(random, -options.translate, options.translate) * size : 0;
  if (options.mosaic > 0 && random() < options.mosaic) {
    // YOLOv8's mosaic: a 2·size canvas, four images (each fitted to `size`) meeting at a centre
    // drawn from the middle half; the output is the size × size window around the canvas centre,
    // scaled by `gain` and shifted, in one resampling per image.
    const xc = uniform(random, size / 2, (3 * size) / 2);
    const yc = uniform(random, size / 2, (3 * size) / 2);
    const tiles = [primary, others(), others(), others()];
    tiles.forEach((tile, k) => {
      const fit = size / Math.max(tile.height, tile.width);
      const w = tile.width * fit;
      const h = tile.height * fit;
      // Top-left, top-right, bottom-left, bottom-right of the centre.
      const x0 = k % 2 === 0 ? xc - w : xc;
      const y0 = k < 2 ? yc - h : yc;
      // Canvas → output: (p − size) · gain + size / 2 + shift, keeping only the tile's quadrant.
      const scale = fit * gain;
      const dx = (x0 - size) * gain + size / 2 + shiftX;
      const dy = (y0 - size) * gain + size / 2 + shiftY;
      const quadrant = {
        x1: ((k % 2 === 0 ? 0 : xc) - size) * gain + size / 2 + shiftX,
        x2: ((k % 2 === 0 ? xc : 2 * size) - size) * gain + size / 2 + shiftX,
        y1: ((k < 2 ? 0 : yc) - size) * gain + size / 2 + shiftY,
        y2: ((k < 2 ? yc : 2 * size) - size) * gain + size / 2 + shiftY,
      };
      drawScaled(image, size, tile, scale, dx, dy, quadrant);
      placeBoxes(placed, tile, scale, dx, dy, size, quadrant, options.minArea);
    });
  } else {
    const fit = size / Math.max(primary.height, primary.width);
    const scale = fit * gain;
    const dx = size / 2 - (primary.width / 2) * scale + shiftX;
    const dy = size / 2 - (primary.height / 2) * scale + shiftY;
    const canvas = { x1: 0, y1: 0, x2: size, y2: size };
    drawScaled(image, size, primary, scale, dx, dy, canvas);
    placeBoxes(placed, primary, scale, dx, dy, size, canvas, options.minArea);
  }
  const boxes = Float32Array.from(placed.boxes);
  if (options.fliplr > 0 && random() < options.fliplr) flipLeftRight(image, size, boxes);
  if (options.hsvH > 0 || options.hsvS > 0 || options.hsvV > 0) {
    hsvAugment(image, uniform(random, -options.hsvH, options.hsvH), uniform(random, 1 - options.hsvS, 1 + options.hsvS), uniform(random, 1 - options.hsvV, 1 + options.hsvV));
  }
  return { image, size, boxes, classes: Int32Array.from(placed.classes), crowd: Uint8Array.from(placed.crowd) };
}
