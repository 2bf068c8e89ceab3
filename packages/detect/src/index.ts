// @foveajs/detect: object detection for Fovea. Box IoU with pycocotools' arithmetic.
export { iouMatrixXywh, iouXywh, iouXyxy } from './iou.js';
export type { BoxXywh, BoxXyxy } from './types.js';
