// DeepSort's appearance cost: one frame's 32 crops through a CnnEmbedder (crop and resize, the
// network, global pooling, L2 normalisation, read back) on each tfjs backend, as a case of the
// shared runner (interleaved rounds, medians). The network is the zoo's MobileNetV2 (alpha 0.35,
// no top, average pooling) on 128 × 64 crops, the person-crop shape of DeepSORT's re-ID network,
// with random weights: speed does not depend on them.
import { MobileNetV2, preprocessInput } from '@foveajs/models';
import { CnnEmbedder } from '@foveajs/track/embedder';
import * as tf from '@tensorflow/tfjs-core';
import type { BenchCase } from '../../runner.js';
import { seededUnitValues } from '../../seeded.js';
import { mulberry32 } from './random.js';

const FRAME = [320, 320, 3] as const;
const CROP: [number, number] = [128, 64];
const CROPS = 32;

export const EMBEDDER_SETUP = { network: 'MobileNetV2 (alpha 0.35, no top, average pooling)', crop: CROP, cropsPerFrame: CROPS, frame: FRAME, features: 1280 };

/** 32 boxes of 20–100 px inside the frame, the same on every backend. */
function boxes(): Array<[number, number, number, number]> {
  const random = mulberry32(3);
  return Array.from({ length: CROPS }, () => {
    const w = 20 + 80 * random();
    const h = 20 + 80 * random();
    return [random() * (FRAME[1] - w), random() * (FRAME[0] - h), w, h];
  });
}

export const embedderCase: BenchCase = {
  id: 'embedder-mobilenetv2-0.35-128x64-32crops',
  description: `${CROPS} crops of a ${FRAME[0]}×${FRAME[1]} frame → MobileNetV2 0.35 at ${CROP[0]}×${CROP[1]} → 1280-D embeddings`,
  // Not reported as GFLOP/s: the suite's table shows ms per frame of crops.
  flops: 0,
  prepare() {
    const model = MobileNetV2({ alpha: 0.35, includeTop: false, pooling: 'avg', inputShape: [CROP[0], CROP[1], 3] });
    const embedder = new CnnEmbedder(model, { cropSize: CROP, batchSize: CROPS, preprocess: (crops) => preprocessInput(crops, 'tf') });
    const frame = tf.tensor3d(Float32Array.from(seededUnitValues(FRAME[0] * FRAME[1] * FRAME[2], 5), (v) => v * 255), [...FRAME]);
    const frameBoxes = boxes();
    return {
      // embed() reads the embeddings back (dataSync) as DeepSort does; the runner reads this scalar.
      run: () => tf.scalar(embedder.embed(frame, frameBoxes).length),
      dispose() {
        frame.dispose();
        model.dispose();
      },
    };
  },
};
