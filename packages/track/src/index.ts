// @foveajs/track: multi-object tracking for Fovea. Trackers (SORT, ByteTrack, DeepSORT) on
// DeepSORT's Kalman filter and an exact assignment solver; MOTChallenge files; CLEAR MOT and
// identity metrics as py-motmetrics computes them and HOTA as TrackEval does. No tensors here: the
// CNN embedder is `@foveajs/track/embedder`.
export { AppearanceGallery, cosineDistance, type Embedder, normalizeEmbedding } from './appearance.js';
export { type AssignmentOptions, type AssignmentResult, type CostMatrix, linearSumAssignment, thresholdedAssignment } from './assignment.js';
export { type BoxLtrb, type BoxXyah, type BoxXywh, boxIou, xyahToXywh, xywhToLtrb, xywhToXyah } from './boxes.js';
export { ByteTrack, type ByteTrackOptions, ULTRALYTICS_BYTETRACK } from './bytetrack.js';
export { DeepSort, type DeepSortOptions } from './deepsort.js';
export { CHI2INV95, KalmanBoxFilter, type KalmanBoxFilterOptions, type KalmanState } from './kalman.js';
export { Sort, type SortOptions } from './sort.js';
export { type Detection, Track, type Tracker, type TrackState, type UpdateOptions } from './tracker.js';
export type { ClearMotResult } from './metrics/clear_mot.js';
export { type EvaluateTrackingOptions, evaluateTracking, type TrackingEvaluation } from './metrics/evaluate.js';
export { HOTA_ALPHAS, type HotaPerAlpha, type HotaResult } from './metrics/hota.js';
export type { TrackingRow } from './metrics/input.js';
export { formatMotChallenge, formatSeqinfo, type MotParseOptions, type MotRow, type MotRowInput, parseMotChallenge, parseSeqinfo, type SeqInfo } from './mot_format.js';
