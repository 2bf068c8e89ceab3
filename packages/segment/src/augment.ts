// Joint augmentation of an image and its label mask, on plain typed arrays (one pass per sample,
// no tensors): random scale, horizontal flip and crop, the same geometry for both. The image is
// resampled bilinearly and the mask by nearest neighbour, so a label is never interpolated.

/** An RGB image [height, width, 3] (0..255) and its [height, width] int32 labels. */
export interface LabeledImage {
  image: ArrayLike<number>;
  mask: ArrayLike<number>;
  height: number;
  width: number;
}

export interface AugmentOptions {
  /** Output [height, width] (a number: square). */
  cropSize: number | [number, number];
  /** Scale factor drawn uniformly from [min, max] (DeepLab: 0.5..2). Default [0.5, 2]; [1, 1] disables it. */
  scale?: [number, number];
  /** Mirror left-right with probability 0.5. Default true. */
  flip?: boolean;
  /** Label of pixels outside the scaled image (when it is smaller than the crop). Default 255. */
  ignoreIndex?: number;
  /** Image value of those pixels. Default 127.5 (zero after 'tf' preprocessing). */
  fill?: number;
}

export interface AugmentedSample {
  image: Float32Array;
  mask: Int32Array;
  height: number;
  width: number;
}

function checkSample(sample: LabeledImage): void {
  const { height, width } = sample;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new Error(`augmentSample: height and width must be positive integers, got ${height} × ${width}`);
  }
  if (sample.image.length !== height * width * 3) {
    throw new Error(`augmentSample: image must hold height·width·3 = ${height * width * 3} values, got ${sample.image.length}`);
  }
  if (sample.mask.length !== height * width) throw new Error(`augmentSample: mask must hold height·width = ${height * width} values, got ${sample.mask.length}`);
}

/**
 * One random scale–flip–crop of an image and its mask. The scaled image (size round(s·H) ×
 * round(s·W)) is sampled with half-pixel centres, as tf.image.resizeBilinear(…, false, true) and
 * resizeNearestNeighbor(…, false, true) do; the crop window is placed uniformly (partly outside
 * when the scaled image is smaller than the crop, filled with `fill` and `ignoreIndex`).
 */
export function augmentSample(sample: LabeledImage, random: () => number, options: AugmentOptions): AugmentedSample {
  checkSample(sample);
  const [cropHeight, cropWidth] = typeof options.cropSize === 'number' ? [options.cropSize, options.cropSize] : options.cropSize;
  if (!Number.isInteger(cropHeight) || !Number.isInteger(cropWidth) || cropHeight < 1 || cropWidth < 1) {
    throw new Error(`augmentSample: cropSize must be a positive integer or [height, width] of them, got ${JSON.stringify(options.cropSize)}`);
  }
  const [minScale, maxScale] = options.scale ?? [0.5, 2];
  if (!(minScale > 0 && maxScale >= minScale)) throw new Error(`augmentSample: scale must be [min, max] with 0 < min ≤ max, got ${JSON.stringify(options.scale)}`);
  const ignoreIndex = options.ignoreIndex ?? 255;
  const fill = options.fill ?? 127.5;
  const { image, mask, height, width } = sample;

  const scale = minScale + (maxScale - minScale) * random();
  const scaledHeight = Math.max(1, Math.round(height * scale));
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const flip = (options.flip ?? true) && random() < 0.5;
  const offset = (scaled: number, crop: number) => {
    const low = Math.min(0, scaled - crop);
    const high = Math.max(0, scaled - crop);
    return low + Math.floor(random() * (high - low + 1));
  };
  const top = offset(scaledHeight, cropHeight);
  const left = offset(scaledWidth, cropWidth);
  // Per-axis ratios of the source to the scaled size (as resizeBilinear uses them).
  const ratioY = height / scaledHeight;
  const ratioX = width / scaledWidth;

  // Columns: for each output column, the source columns and weight (bilinear) and the nearest one.
  const colX0 = new Int32Array(cropWidth);
  const colX1 = new Int32Array(cropWidth);
  const colWeight = new Float32Array(cropWidth);
  const colNearest = new Int32Array(cropWidth);
  for (let x = 0; x < cropWidth; x++) {
    const scaledX = left + x;
    if (scaledX < 0 || scaledX >= scaledWidth) {
      colNearest[x] = -1;
      continue;
    }
    const sx = flip ? scaledWidth - 1 - scaledX : scaledX;
    const source = Math.max(0, (sx + 0.5) * ratioX - 0.5);
    const x0 = Math.min(Math.floor(source), width - 1);
    colX0[x] = x0;
    colX1[x] = Math.min(x0 + 1, width - 1);
    colWeight[x] = source - x0;
    colNearest[x] = Math.min(Math.floor((sx + 0.5) * ratioX), width - 1);
  }

  const outImage = new Float32Array(cropHeight * cropWidth * 3);
  const outMask = new Int32Array(cropHeight * cropWidth);
  for (let y = 0; y < cropHeight; y++) {
    const scaledY = top + y;
    const rowInside = scaledY >= 0 && scaledY < scaledHeight;
    const sourceY = rowInside ? Math.max(0, (scaledY + 0.5) * ratioY - 0.5) : 0;
    const y0 = Math.min(Math.floor(sourceY), height - 1);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = sourceY - y0;
    const nearestY = Math.min(Math.floor((scaledY + 0.5) * ratioY), height - 1);
    for (let x = 0; x < cropWidth; x++) {
      const out = y * cropWidth + x;
      if (!rowInside || colNearest[x]! < 0) {
        outImage[out * 3] = fill;
        outImage[out * 3 + 1] = fill;
        outImage[out * 3 + 2] = fill;
        outMask[out] = ignoreIndex;
        continue;
      }
      const x0 = colX0[x]!;
      const x1 = colX1[x]!;
      const wx = colWeight[x]!;
      for (let c = 0; c < 3; c++) {
        const top0 = image[(y0 * width + x0) * 3 + c]!;
        const top1 = image[(y0 * width + x1) * 3 + c]!;
        const bottom0 = image[(y1 * width + x0) * 3 + c]!;
        const bottom1 = image[(y1 * width + x1) * 3 + c]!;
        const upper = top0 + (top1 - top0) * wx;
        const lower = bottom0 + (bottom1 - bottom0) * wx;
        outImage[out * 3 + c] = upper + (lower - upper) * wy;
      }
      outMask[out] = mask[nearestY * width + colNearest[x]!]!;
    }
  }
  return { image: outImage, mask: outMask, height: cropHeight, width: cropWidth };
}
