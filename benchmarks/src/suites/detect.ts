// The shipped detector (@foveajs/detect) end to end, and class-aware NMS at YOLO's candidate count.
// Each case counts 1e9 "operations" per unit of work, so the tables read as units per second:
// images/s for the detector, NMS passes/s for the suppression.
import { fileURLToPath } from 'node:url';
import { readImage } from '@foveajs/core';
import { loadDetector, SAMPLE_SCENE } from '@foveajs/detect';
import * as tf from '@tensorflow/tfjs-core';
import { FOVEA_SIMD, TFJS_CPU, withThreads } from '../backends.js';
import type { BenchCase, Suite } from '../runner.js';
import { seededUnitValues } from '../seeded.js';

const PER_RUN = 1e9;

/** predict() as a user calls it: letterbox to 320, forward pass, decoding, NMS, boxes mapped back. */
const endToEnd: BenchCase = {
  id: 'detector-e2e-320',
  description: "Shipped detector, one 320×320 scene: letterbox, inference, decoding, class-aware NMS (predict's defaults; images/s)",
  flops: PER_RUN,
  async prepare() {
    // Weights and image on the active backend: a tensor of another backend would move on every run.
    const detector = await loadDetector();
    const image = await readImage(fileURLToPath(SAMPLE_SCENE));
    return {
      run: async () => {
        const [result] = await detector.predict(image, { imgsz: 320 });
        return tf.tensor1d(result!.boxes.conf);
      },
      dispose: () => {
        detector.dispose();
        image.dispose();
      },
    };
  },
};

const BOXES = 8400;
const CLASSES = 20;

/**
 * 8,400 candidate boxes (a 640-pixel YOLOv8's anchor points; 320's 2,100 × 4) × 20 classes, one
 * tf.image.nonMaxSuppression per class (max 300, IoU 0.45, score 0.25). Boxes 4–160 px anywhere on
 * a 640 canvas; scores σ(z) with z uniform in [−12, 0], as a trained detector's mostly-background
 * output, so about 1 in 10 of the candidates passes 0.25 (sigmoid(−1.1)).
 */
const nms: BenchCase = {
  id: 'nms-8400x20',
  description: 'Class-aware NMS, 8,400 boxes × 20 classes: tf.image.nonMaxSuppression per class (passes/s)',
  flops: PER_RUN,
  prepare() {
    const u = seededUnitValues(BOXES * 4 + BOXES * CLASSES, 21);
    const boxes = new Float32Array(BOXES * 4);
    for (let i = 0; i < BOXES; i++) {
      const [cy, cx, h, w] = [u[4 * i]! * 640, u[4 * i + 1]! * 640, 4 + u[4 * i + 2]! * 156, 4 + u[4 * i + 3]! * 156];
      boxes.set([cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2], 4 * i);
    }
    const boxesTensor = tf.tensor2d(boxes, [BOXES, 4]);
    const scores = Array.from({ length: CLASSES }, (_, c) =>
      tf.tensor1d(Float32Array.from({ length: BOXES }, (_, i) => 1 / (1 + Math.exp(12 * u[BOXES * 4 + c * BOXES + i]!)))),
    );
    return {
      run: () => tf.tidy(() => tf.concat(scores.map((s) => tf.image.nonMaxSuppression(boxesTensor, s, 300, 0.45, 0.25)))),
      dispose: () => tf.dispose([boxesTensor, ...scores]),
    };
  },
};

export const detectSuite: Suite = {
  name: 'detect',
  title: 'Detection: the shipped detector end to end (images/s) and class-aware NMS (passes/s)',
  unit: 'runs/s (images/s; NMS passes/s)',
  ratios: (threads) => [
    { label: 'SIMD128 / cpu', of: FOVEA_SIMD, to: TFJS_CPU },
    { label: `${threads} threads / cpu`, of: withThreads(FOVEA_SIMD, threads), to: TFJS_CPU },
  ],
  cases: [endToEnd, nms],
};
