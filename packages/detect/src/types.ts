// Boxes as COCO writes them and as corners.

/** A box as COCO writes it: left, top, width, height, in pixels. */
export type BoxXywh = readonly [x: number, y: number, width: number, height: number];
/** A box as corners: left, top, right, bottom, in pixels. */
export type BoxXyxy = readonly [x1: number, y1: number, x2: number, y2: number];
