// Filters & feature maps: the textbook's figure (two hand-made 7×7 filters, a vertical and a
// horizontal white line, convolved with the two sample photos), then the first layers' feature maps
// of a zoo model for an image of the user's.
import { tf } from '@foveajs/core';
import chinaUrl from '@foveajs/datasets/assets/china.jpg?url';
import flowerUrl from '@foveajs/datasets/assets/flower.jpg?url';
import { getModelInfo } from '@foveajs/models';
import * as tfl from '@tensorflow/tfjs-layers';
import { type RunReport, showRun } from '../lib/backend_switch.js';
import { canvas, drawGray, drawRgb, figure, imageTensor, type MapStats } from '../lib/images.js';
import { shippedLeNet5 } from '../lib/weights.js';
import type { Panel, PanelContext } from './panel.js';

const PHOTOS = [
  { name: 'china.jpg', url: chinaUrl },
  { name: 'flower.jpg', url: flowerUrl },
];
const FILTER_NAMES = ['vertical line', 'horizontal line'];

/** The zoo models whose first layers the panel shows; only LeNet-5 has trained weights here. */
const LAYER_MODELS = ['LeNet5', 'MobileNetV2', 'ResNet18', 'EfficientNetB0', 'VGG16'] as const;
/** Feature-map layers shown, and channels per layer. */
const LAYERS_SHOWN = 3;
const CHANNELS_SHOWN = 8;

export interface FiltersReport {
  textbook?: { run: RunReport; maps: Array<{ photo: string; filter: string } & MapStats> };
  layers?: { model: string; image: string; run: RunReport; layers: Array<{ name: string; className: string; shape: number[]; shown: number }> };
}

declare global {
  interface Window {
    foveaFilters?: FiltersReport;
  }
}

/**
 * The two filters as the textbook builds them: 7×7 over the photos' 3 channels, zero but for a
 * column of ones (vertical line) in filter 0 and a row of ones (horizontal line) in filter 1.
 */
function lineFilters(): tf.Tensor4D {
  const values = new Float32Array(7 * 7 * 3 * 2);
  for (let i = 0; i < 7; i++) {
    for (let c = 0; c < 3; c++) {
      values[((i * 7 + 3) * 3 + c) * 2 + 0] = 1; // [row i, column 3, channel c, filter 0]
      values[((3 * 7 + i) * 3 + c) * 2 + 1] = 1; // [row 3, column i, channel c, filter 1]
    }
  }
  return tf.tensor4d(values, [7, 7, 3, 2]);
}

/** A conv layer's feature map after the BatchNorm / activation layers that directly follow it. */
function featureLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  const layers = model.layers;
  const picked: tfl.layers.Layer[] = [];
  for (let i = 0; i < layers.length && picked.length < LAYERS_SHOWN; i++) {
    if (!/Conv/.test(layers[i]!.getClassName())) continue;
    let j = i;
    while (
      j + 1 < layers.length &&
      /^(BatchNormalization|Activation|ReLU)$/.test(layers[j + 1]!.getClassName()) &&
      layers[j + 1]!.inboundNodes[0]?.inboundLayers[0] === layers[j]
    ) {
      j++;
    }
    picked.push(layers[j]!);
    i = j;
  }
  return picked;
}

interface LayerModel {
  name: string;
  extractor: tfl.LayersModel;
  layers: tfl.layers.Layer[];
  /** The image as the model takes it: [1, size, size, channels]. */
  prepare(image: tf.Tensor3D): tf.Tensor4D;
  dispose(): void;
}

async function layerModel(name: (typeof LAYER_MODELS)[number]): Promise<LayerModel> {
  if (name === 'LeNet5') {
    const lenet = await shippedLeNet5();
    const layers = featureLayers(lenet).filter((layer) => (layer.outputShape as number[])[1]! > 1);
    return {
      name,
      extractor: tfl.model({ inputs: lenet.inputs, outputs: layers.map((layer) => layer.output as tfl.SymbolicTensor) }),
      layers,
      // As LeNet-5 saw MNIST: 28×28 gray in 0..1, light strokes on dark (a light image is inverted).
      prepare: (image) =>
        tf.tidy(() => {
          const gray = tf.div(tf.image.resizeBilinear(tf.mean(tf.cast(image, 'float32'), -1, true) as tf.Tensor3D, [28, 28], true), 255);
          const light = tf.cast(tf.greater(tf.mean(gray), 0.5), 'float32');
          return tf.expandDims(tf.add(tf.mul(gray, tf.sub(1, light)), tf.mul(tf.sub(1, gray), light)), 0) as tf.Tensor4D;
        }),
      dispose: () => undefined, // the shipped model stays loaded for the Classify panel
    };
  }
  const info = getModelInfo(name);
  const model = info.build({ includeTop: false });
  const layers = featureLayers(model);
  const size = info.defaultSize;
  return {
    name,
    extractor: tfl.model({ inputs: model.inputs, outputs: layers.map((layer) => layer.output as tfl.SymbolicTensor) }),
    layers,
    prepare: (image) => tf.tidy(() => info.preprocessInput(tf.expandDims(tf.image.resizeBilinear(tf.cast(image, 'float32') as tf.Tensor3D, [size, size]), 0) as tf.Tensor4D)),
    dispose: () => model.dispose(),
  };
}

export const filtersPanel: Panel = {
  id: 'filters',
  title: 'Filters & feature maps',
  async create(root: HTMLElement, context: PanelContext) {
    const report: FiltersReport = {};
    window.foveaFilters = report;
    root.innerHTML = `
      <h2>Filters &amp; feature maps</h2>
      <p>Two hand-made 7×7 filters — a vertical and a horizontal white line on black — convolved with the
      two sample photos (<code>conv2d</code>, stride 1, <code>same</code> padding, over the three colour channels):
      the vertical filter brings out vertical edges and blurs the rest; the horizontal one, horizontal edges.
      Photos: china.jpg by danielbuechele, flower.jpg by vultilion, CC BY 2.0 (scikit-learn's samples).</p>`;
    const header = document.createElement('div');
    header.className = 'panel-controls';
    const latency = document.createElement('output');
    latency.className = 'latency';
    latency.id = 'filters-latency';
    header.append(context.backends.control(), latency);
    const filtersRow = document.createElement('div');
    filtersRow.className = 'figure-row';
    const grid = document.createElement('div');
    grid.className = 'feature-grid';
    grid.id = 'textbook-maps';
    root.append(header, filtersRow, grid);

    const filters = lineFilters();
    for (const [k, name] of FILTER_NAMES.entries()) {
      const view = canvas(7, 7, 'filter-kernel');
      const values = await tf.tidy(() => tf.slice(filters, [0, 0, 0, k], [7, 7, 1, 1])).data();
      drawGray(view, values, 7, 7);
      filtersRow.append(figure(view, `filter ${k + 1}: ${name} (7×7)`));
    }
    const photos = await Promise.all(PHOTOS.map(async (photo) => ({ ...photo, image: await imageTensor(photo.url) })));
    const cells = photos.map((photo) => {
      const original = canvas(1, 1, 'photo');
      void drawRgb(original, photo.image);
      const maps = FILTER_NAMES.map(() => canvas(1, 1, 'feature-map'));
      grid.append(figure(original, photo.name), ...maps.map((map, k) => figure(map, `${photo.name} * ${FILTER_NAMES[k]}`)));
      return maps;
    });

    async function runTextbook(): Promise<void> {
      const { value, run } = await context.backends.run(async () => {
        const output = tf.tidy(() => {
          const batch = tf.div(tf.stack(photos.map((photo) => tf.cast(photo.image, 'float32'))), 255) as tf.Tensor4D;
          return tf.conv2d(batch, filters, 1, 'same');
        });
        const values = await output.data();
        const shape = output.shape;
        output.dispose();
        return { values, shape };
      });
      const [count, height, width] = value.shape;
      const maps: NonNullable<FiltersReport['textbook']>['maps'] = [];
      for (let p = 0; p < count; p++) {
        for (let k = 0; k < 2; k++) {
          const channel = new Float32Array(height * width);
          for (let i = 0; i < height * width; i++) channel[i] = value.values[(p * height * width + i) * 2 + k]!;
          maps.push({ photo: photos[p]!.name, filter: FILTER_NAMES[k]!, ...drawGray(cells[p]![k]!, channel, width, height) });
        }
      }
      showRun(latency, run, `2 photos ${height}×${width} × 2 filters`);
      report.textbook = { run, maps };
    }

    // The zoo model's first layers.
    const section = document.createElement('div');
    section.innerHTML = `
      <h3>The first layers of a zoo model</h3>
      <p>Up to ${CHANNELS_SHOWN} channels of the first ${LAYERS_SHOWN} convolution layers (after their BatchNorm and
      activation). LeNet-5 has the weights it learnt on MNIST (shipped with <code>@foveajs/models</code>, and it sees a
      28×28 gray version of the image); the others show their untrained (random) filters, since Fovea ships no
      ImageNet weights.</p>`;
    const controls = document.createElement('div');
    controls.className = 'panel-controls';
    const modelSelect = document.createElement('select');
    modelSelect.id = 'layers-model';
    for (const name of LAYER_MODELS) modelSelect.append(new Option(name === 'LeNet5' ? 'LeNet5 (trained on MNIST)' : `${name} (untrained)`, name));
    const upload = document.createElement('input');
    upload.type = 'file';
    upload.accept = 'image/png,image/jpeg';
    upload.id = 'layers-upload';
    const layersLatency = document.createElement('output');
    layersLatency.className = 'latency';
    layersLatency.id = 'layers-latency';
    const modelLabel = document.createElement('label');
    modelLabel.append('Model ', modelSelect);
    const uploadLabel = document.createElement('label');
    uploadLabel.append('Your image ', upload);
    controls.append(modelLabel, uploadLabel, layersLatency);
    const layerMaps = document.createElement('div');
    layerMaps.id = 'layer-maps';
    section.append(controls, layerMaps);
    root.append(section);

    let image = { name: 'china.jpg', tensor: photos[0]!.image.clone() };
    let current: LayerModel | undefined;

    async function runLayers(): Promise<void> {
      const name = modelSelect.value as (typeof LAYER_MODELS)[number];
      if (current?.name !== name) {
        current?.dispose();
        current = undefined;
        current = await context.backends.exclusive(() => layerModel(name));
      }
      const model = current;
      const { value: outputs, run } = await context.backends.run(async () => {
        const input = model.prepare(image.tensor);
        const result = model.extractor.predict(input);
        const list = Array.isArray(result) ? result : [result];
        const values = await Promise.all(list.map(async (t) => ({ shape: t.shape as number[], data: await t.data() })));
        tf.dispose([input, ...list]);
        return values;
      });
      layerMaps.replaceChildren();
      const layers: NonNullable<FiltersReport['layers']>['layers'] = [];
      outputs.forEach((output, l) => {
        const [, height, width, channels] = output.shape as [number, number, number, number];
        const layer = model.layers[l]!;
        const row = document.createElement('div');
        row.className = 'layer-row';
        const title = document.createElement('h4');
        title.textContent = `${layer.name} (${layer.getClassName()}): ${height}×${width}×${channels}`;
        const tiles = document.createElement('div');
        tiles.className = 'feature-tiles';
        const shown = Math.min(channels, CHANNELS_SHOWN);
        for (let c = 0; c < shown; c++) {
          const channel = new Float32Array(height * width);
          for (let i = 0; i < height * width; i++) channel[i] = output.data[i * channels + c]!;
          const tile = canvas(width, height, 'feature-map');
          drawGray(tile, channel, width, height);
          tiles.append(tile);
        }
        row.append(title, tiles);
        layerMaps.append(row);
        layers.push({ name: layer.name, className: layer.getClassName(), shape: output.shape, shown });
      });
      showRun(layersLatency, run, `${name} on ${image.name}`);
      report.layers = { model: name, image: image.name, run, layers };
    }

    modelSelect.addEventListener('change', () => void context.track(runLayers));
    upload.addEventListener('change', () => {
      const file = upload.files?.[0];
      if (file === undefined) return;
      void context.track(async () => {
        const tensor = await imageTensor(file);
        image.tensor.dispose();
        image = { name: file.name, tensor };
        await runLayers();
      });
    });

    await runTextbook();
    await runLayers();
    return {
      async rerun() {
        await runTextbook();
        await runLayers();
      },
    };
  },
};
