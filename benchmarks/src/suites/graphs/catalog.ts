// Which graph models the suite runs, in which order, and the input size of each where the model's
// signature leaves a dimension open.

/**
 * Issue #25's ten models first, at the sizes of its table (height × width; nanodet takes NCHW), then
 * the package's other graph models in name order at their signatures' sizes.
 */
export const ISSUE_MODELS: ReadonlyArray<{ id: string; size: [number, number]; note: string }> = [
  { id: 'centernet', size: [512, 512], note: 'COCO detector' },
  { id: 'nanodet', size: [416, 416], note: 'COCO detector, NCHW' },
  { id: 'faceres', size: [224, 224], note: 'face description' },
  { id: 'facemesh', size: [192, 192], note: 'face landmarks' },
  { id: 'blazepose-full', size: [256, 256], note: 'pose' },
  { id: 'meet', size: [144, 256], note: 'segmentation' },
  { id: 'posenet', size: [385, 385], note: 'pose' },
  { id: 'selfie', size: [256, 256], note: 'segmentation' },
  { id: 'handdetect', size: [256, 256], note: 'hand detector' },
  { id: 'efficientpose', size: [368, 368], note: 'pose' },
];

/** A model's spatial size where neither the table nor its signature gives one. */
export const DEFAULT_SIZE: [number, number] = [256, 256];

/** The models to run: the issue's (those in the package), then the rest, filtered by `only`. */
export function orderModels(packageIds: string[], only?: string[]): string[] {
  const issue = ISSUE_MODELS.map((m) => m.id).filter((id) => packageIds.includes(id));
  const ordered = [...issue, ...packageIds.filter((id) => !issue.includes(id)).sort()];
  return only === undefined ? ordered : ordered.filter((id) => only.some((needle) => id.includes(needle)));
}

/**
 * The input shape to feed: the signature's, its open dimensions (-1 or null) filled: the batch with
 * 1, the spatial ones with the model's size (NHWC, or NCHW where the channel axis comes second), any
 * other with 3 (channels). Returns undefined when the rank is not 4 and a dimension is open.
 */
export function fillShape(shape: Array<number | null> | undefined, id: string): number[] | undefined {
  const size = ISSUE_MODELS.find((m) => m.id === id)?.size ?? DEFAULT_SIZE;
  if (shape === undefined) return undefined;
  const open = (d: number | null) => d === null || d < 0;
  if (!shape.some(open)) return shape as number[];
  if (shape.length !== 4) return undefined;
  // NCHW when the second axis is a known small channel count and the last is not (nanodet: 1×3×416×416).
  const nchw = !open(shape[1]!) && shape[1]! <= 4 && (open(shape[3]!) || shape[3]! > 4);
  const spatial = nchw ? [2, 3] : [1, 2];
  return shape.map((d, axis) => {
    if (!open(d)) return d!;
    if (axis === 0) return 1;
    const at = spatial.indexOf(axis);
    return at >= 0 ? size[at]! : 3;
  });
}
