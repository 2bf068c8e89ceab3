// Drawing detections onto an RGB image held as a typed array: box outlines (filled rectangles of
// `lineWidth` pixels, clipped to the image), and above each box a label tag in the box's colour with
// the class name and score in the 5×7 bitmap font. A class's colour is fixed (Ultralytics' palette).
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph, textWidth } from './font.js';

/** Ultralytics' 20-colour palette, by class index modulo 20. */
const PALETTE = [
  0xff3838, 0xff9d97, 0xff701f, 0xffb21d, 0xcfd231, 0x48f90a, 0x92cc17, 0x3ddb86, 0x1a9334, 0x00d4bb, 0x2c99a8, 0x00c2ff, 0x344593, 0x6473ff, 0x0018ec, 0x8438ff,
  0x520085, 0xcb38ff, 0xff95c8, 0xff37c7,
];

export function classColour(cls: number): [number, number, number] {
  const c = PALETTE[((cls % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
  return [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff];
}

export interface PlotBox {
  /** [x1, y1, x2, y2] in image pixels. */
  box: readonly number[];
  colour: readonly [number, number, number];
  label?: string;
}

export interface DrawOptions {
  /** Outline width in pixels. Default: 1 + (longer image side ≥ 640). */
  lineWidth?: number;
  /** Label glyph scale (pixels per font pixel). Default 1, 2 for images ≥ 960 px. */
  fontScale?: number;
}

function fillRect(pixels: Uint8ClampedArray, height: number, width: number, x0: number, y0: number, x1: number, y1: number, colour: readonly number[]): void {
  const xa = Math.max(0, Math.floor(x0));
  const xb = Math.min(width, Math.ceil(x1));
  const ya = Math.max(0, Math.floor(y0));
  const yb = Math.min(height, Math.ceil(y1));
  for (let y = ya; y < yb; y++) {
    for (let x = xa; x < xb; x++) {
      const o = (y * width + x) * 3;
      pixels[o] = colour[0]!;
      pixels[o + 1] = colour[1]!;
      pixels[o + 2] = colour[2]!;
    }
  }
}

/** Write `text` with its top-left at (x, y) in `colour`. */
export function drawText(pixels: Uint8ClampedArray, height: number, width: number, text: string, x: number, y: number, colour: readonly number[], scale = 1): void {
  for (let i = 0; i < text.length; i++) {
    const rows = glyph(text[i]!);
    const gx = x + i * (GLYPH_WIDTH + 1) * scale;
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if ((rows[r]! >> (GLYPH_WIDTH - 1 - c)) & 1) fillRect(pixels, height, width, gx + c * scale, y + r * scale, gx + (c + 1) * scale, y + (r + 1) * scale, colour);
      }
    }
  }
}

/** Draw boxes and labels onto `pixels` ([height, width, 3], RGB), in place. */
export function drawDetections(pixels: Uint8ClampedArray, height: number, width: number, boxes: readonly PlotBox[], options: DrawOptions = {}): void {
  const line = Math.max(1, Math.round(options.lineWidth ?? (Math.max(height, width) >= 640 ? 2 : 1)));
  const scale = Math.max(1, Math.round(options.fontScale ?? (Math.max(height, width) >= 960 ? 2 : 1)));
  for (const { box, colour, label } of boxes) {
    const [x1, y1, x2, y2] = [Math.round(box[0]!), Math.round(box[1]!), Math.round(box[2]!), Math.round(box[3]!)];
    fillRect(pixels, height, width, x1, y1, x2, y1 + line, colour);
    fillRect(pixels, height, width, x1, y2 - line, x2, y2, colour);
    fillRect(pixels, height, width, x1, y1, x1 + line, y2, colour);
    fillRect(pixels, height, width, x2 - line, y1, x2, y2, colour);
    if (label === undefined || label === '') continue;
    const tagWidth = textWidth(label, scale) + 2 * scale;
    const tagHeight = (GLYPH_HEIGHT + 2) * scale;
    // Above the box when there is room, else just inside its top edge.
    const top = y1 - tagHeight >= 0 ? y1 - tagHeight : y1;
    const left = Math.min(Math.max(0, x1), Math.max(0, width - tagWidth));
    fillRect(pixels, height, width, left, top, left + tagWidth, top + tagHeight, colour);
    // White text on dark tags, black on light ones.
    const luma = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2];
    const ink = luma > 150 ? [0, 0, 0] : [255, 255, 255];
    drawText(pixels, height, width, label, left + scale, top + scale, ink, scale);
  }
}
