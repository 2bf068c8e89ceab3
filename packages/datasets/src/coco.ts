// COCO's dataset format (https://cocodataset.org/#format-data) and its run-length mask encoding.

/**
 * A binary mask as COCO's uncompressed RLE: `counts` alternate runs of 0s and 1s, starting with 0s
 * (a mask whose first pixel is set starts with a 0-length run), over the pixels in column-major
 * (Fortran) order — down the first column, then the second, … — exactly as pycocotools' `mask.encode`
 * orders them. `size` is [height, width]; the counts sum to height × width.
 */
export interface CocoRle {
  counts: number[];
  size: [number, number];
}

export interface CocoImage {
  id: number;
  file_name: string;
  height: number;
  width: number;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** [x, y, width, height] in pixels, COCO's continuous convention: the box x..x+width covers pixels x..x+width−1. */
  bbox: [number, number, number, number];
  /** Pixel count of the (visible) mask. */
  area: number;
  segmentation: CocoRle;
  iscrowd: 0 | 1;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

export interface CocoDataset {
  images: CocoImage[];
  annotations: CocoAnnotation[];
  categories: CocoCategory[];
}

function checkSize(height: number, width: number, caller: string): void {
  for (const [name, value] of [
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${caller}: ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * Encode a row-major [height, width] mask (any non-zero value is set) as COCO RLE, in column-major
 * order like pycocotools' `mask.encode`.
 */
export function encodeRle(mask: ArrayLike<number>, height: number, width: number): CocoRle {
  checkSize(height, width, 'encodeRle');
  if (mask.length !== height * width) {
    throw new Error(`encodeRle: mask has ${mask.length} values, expected height × width = ${height} × ${width} = ${height * width}`);
  }
  const counts: number[] = [];
  let previous = 0;
  let runStart = 0;
  for (let x = 0, t = 0; x < width; x++) {
    for (let y = 0; y < height; y++, t++) {
      const value = mask[y * width + x] !== 0 ? 1 : 0;
      if (value !== previous) {
        counts.push(t - runStart);
        runStart = t;
        previous = value;
      }
    }
  }
  counts.push(height * width - runStart);
  return { counts, size: [height, width] };
}

/**
 * Encode every label 1..labelCount of a row-major [height, width] label map in one column-major
 * pass: result[k − 1] is the RLE of the pixels equal to k (label 0 is background).
 */
export function encodeRleLabels(labels: ArrayLike<number>, height: number, width: number, labelCount: number): CocoRle[] {
  checkSize(height, width, 'encodeRleLabels');
  const counts: number[][] = Array.from({ length: labelCount + 1 }, () => []);
  const runStart = new Float64Array(labelCount + 1);
  let previous = 0;
  for (let x = 0, t = 0; x < width; x++) {
    for (let y = 0; y < height; y++, t++) {
      const label = labels[y * width + x]!;
      if (label === previous) continue;
      // The previous label's run of 1s ends here, and this label's run of 0s.
      if (previous > 0) {
        counts[previous]!.push(t - runStart[previous]!);
        runStart[previous] = t;
      }
      if (label > 0) {
        if (label > labelCount) throw new Error(`encodeRleLabels: label ${label} at (${y}, ${x}) exceeds labelCount ${labelCount}`);
        counts[label]!.push(t - runStart[label]!);
        runStart[label] = t;
      }
      previous = label;
    }
  }
  const total = height * width;
  return counts.slice(1).map((runs, k) => {
    runs.push(total - runStart[k + 1]!);
    return { counts: runs, size: [height, width] };
  });
}

function checkRle(rle: CocoRle, caller: string): [number, number] {
  if (rle === null || typeof rle !== 'object' || !Array.isArray(rle.counts) || !Array.isArray(rle.size) || rle.size.length !== 2) {
    throw new Error(`${caller}: expected an uncompressed RLE { counts: number[], size: [height, width] }, got ${JSON.stringify(rle)?.slice(0, 80)}`);
  }
  const [height, width] = rle.size;
  checkSize(height, width, caller);
  let total = 0;
  rle.counts.forEach((count, i) => {
    if (!Number.isInteger(count) || count < 0) throw new Error(`${caller}: counts[${i}] must be a non-negative integer, got ${count}`);
    total += count;
  });
  if (total !== height * width) {
    throw new Error(`${caller}: counts sum to ${total}, expected height × width = ${height} × ${width} = ${height * width}`);
  }
  return [height, width];
}

/** Decode COCO RLE to a row-major [height, width] mask of 0s and 1s. */
export function decodeRle(rle: CocoRle): Uint8Array {
  const [height, width] = checkRle(rle, 'decodeRle');
  const mask = new Uint8Array(height * width);
  let t = 0;
  rle.counts.forEach((count, i) => {
    if (i % 2 === 1) {
      for (let end = t + count; t < end; t++) mask[(t % height) * width + Math.floor(t / height)] = 1;
    } else {
      t += count;
    }
  });
  return mask;
}

/** The number of set pixels of an RLE mask (pycocotools' `mask.area`). */
export function rleArea(rle: CocoRle): number {
  checkRle(rle, 'rleArea');
  let area = 0;
  for (let i = 1; i < rle.counts.length; i += 2) area += rle.counts[i]!;
  return area;
}
