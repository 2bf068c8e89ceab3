// Model weights for the page: fetched once, then served from the browser's Cache API, so a reload
// (or a second visit, offline) reads them from disk instead of the network.
import { tf } from '@foveajs/core';
import lenetModelUrl from '@foveajs/models/weights/lenet5_mnist/model.json?url';
import lenetWeightsUrl from '@foveajs/models/weights/lenet5_mnist/weights.bin?url';
import * as tfl from '@tensorflow/tfjs-layers';

/** The cache's name; the files' URLs carry Vite's content hashes, so a new build caches new entries. */
export const WEIGHTS_CACHE = 'fovea-playground-weights-v1';

export type WeightsSource = 'network' | 'cache';

declare global {
  interface Window {
    /** Where each model's weights came from on this page load (read by the browser test). */
    foveaWeights?: Record<string, WeightsSource>;
  }
}

/** The bytes at `url`, from the cache when it has them, else fetched and cached. */
export async function cachedFetch(url: string): Promise<{ bytes: ArrayBuffer; source: WeightsSource }> {
  const absolute = new URL(url, location.href).href;
  // The Cache API exists in secure contexts only (https, localhost, 127.0.0.1).
  const cache = 'caches' in globalThis ? await caches.open(WEIGHTS_CACHE) : undefined;
  const hit = await cache?.match(absolute);
  if (hit !== undefined) return { bytes: await hit.arrayBuffer(), source: 'cache' };
  const response = await fetch(absolute);
  if (!response.ok) throw new Error(`fetching ${absolute} failed: HTTP ${response.status}`);
  await cache?.put(absolute, response.clone());
  return { bytes: await response.arrayBuffer(), source: 'network' };
}

/** A tfjs Layers model from its model.json and one weights file, both through the cache. */
async function loadCachedLayersModel(name: string, modelUrl: string, weightsUrl: string): Promise<tfl.LayersModel> {
  const [json, weights] = await Promise.all([cachedFetch(modelUrl), cachedFetch(weightsUrl)]);
  const manifest = JSON.parse(new TextDecoder().decode(json.bytes)) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: manifest.modelTopology,
      weightSpecs: manifest.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.bytes,
    }),
  );
  window.foveaWeights = { ...window.foveaWeights, [name]: json.source === 'cache' && weights.source === 'cache' ? 'cache' : 'network' };
  return model;
}

let lenet: Promise<tfl.LayersModel> | undefined;

/** The LeNet-5 that ships with @foveajs/models, trained on MNIST: loaded once per page. */
export function shippedLeNet5(): Promise<tfl.LayersModel> {
  lenet ??= loadCachedLayersModel('lenet5', lenetModelUrl, lenetWeightsUrl).catch((error: unknown) => {
    lenet = undefined;
    throw error;
  });
  return lenet;
}
