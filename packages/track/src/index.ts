// @foveajs/track: multi-object tracking for Fovea. The exact assignment solver the trackers build on.
export { type AssignmentOptions, type AssignmentResult, type CostMatrix, linearSumAssignment, thresholdedAssignment } from './assignment.js';
