// Classify: draw a digit; the LeNet-5 that ships with @foveajs/models (trained on MNIST) answers
// with a probability per digit. The drawing is prepared as MNIST's digits were: the ink's bounding
// box scaled to fit 20×20 (area-averaged) and placed in 28×28 with its centre of mass in the middle.
import { tf } from '@foveajs/core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type RunReport, showRun } from '../lib/backend_switch.js';
import { canvas, drawGray, figure } from '../lib/images.js';
import { shippedLeNet5 } from '../lib/weights.js';
import type { Panel, PanelContext } from './panel.js';

/** The drawing surface: 10 screen pixels per MNIST pixel. */
export const PAD_SIZE = 280;
/** Brush width in pad pixels: about two MNIST pixels, as MNIST's pen strokes are. */
export const BRUSH = 20;
/** How long the pen rests before the drawing is classified. */
const PAUSE_MS = 150;

export interface ClassifyReport {
  /** Strokes drawn since the pad was last cleared, when this answer was computed. */
  strokes: number;
  digit: number;
  probabilities: number[];
  run: RunReport;
}

declare global {
  interface Window {
    foveaClassify?: ClassifyReport;
  }
}

/**
 * MNIST's preparation of a drawing: null when nothing is drawn. `pixels` are the pad's RGBA
 * (white ink on black), the result 28×28 values in 0..1.
 */
export function mnistInput(pixels: Uint8ClampedArray, size: number): Float32Array | null {
  let top = size;
  let left = size;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (pixels[(y * size + x) * 4]! > 0) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return null;
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  const scale = 20 / Math.max(boxWidth, boxHeight);
  const width = Math.max(1, Math.round(boxWidth * scale));
  const height = Math.max(1, Math.round(boxHeight * scale));
  // Area averaging: each small pixel is the mean of the pad pixels it covers.
  const small = new Float32Array(width * height);
  for (let ty = 0; ty < height; ty++) {
    const y0 = top + Math.floor((ty * boxHeight) / height);
    const y1 = top + Math.max(Math.floor(((ty + 1) * boxHeight) / height), Math.floor((ty * boxHeight) / height) + 1);
    for (let tx = 0; tx < width; tx++) {
      const x0 = left + Math.floor((tx * boxWidth) / width);
      const x1 = left + Math.max(Math.floor(((tx + 1) * boxWidth) / width), Math.floor((tx * boxWidth) / width) + 1);
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += pixels[(y * size + x) * 4]!;
      small[ty * width + tx] = sum / ((y1 - y0) * (x1 - x0) * 255);
    }
  }
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = small[y * width + x]!;
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const clamp = (offset: number, extent: number) => Math.min(28 - extent, Math.max(0, offset));
  const dx = clamp(Math.round(14 - cx / mass), width);
  const dy = clamp(Math.round(14 - cy / mass), height);
  const out = new Float32Array(28 * 28);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[(y + dy) * 28 + x + dx] = small[y * width + x]!;
  return out;
}

export const classifyPanel: Panel = {
  id: 'classify',
  title: 'Classify',
  async create(root: HTMLElement, context: PanelContext) {
    root.innerHTML = `
      <h2>Classify a handwritten digit</h2>
      <p>Draw a digit (0–9) with the mouse. The LeNet-5 that ships with <code>@foveajs/models</code> — trained on
      MNIST's digits — sees it as MNIST's 28×28 digits were prepared, and answers with a probability for each digit.</p>`;
    const controls = document.createElement('div');
    controls.className = 'panel-controls';
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.id = 'classify-clear';
    clear.textContent = 'Clear';
    const latency = document.createElement('output');
    latency.className = 'latency';
    latency.id = 'classify-latency';
    controls.append(context.backends.control(), clear, latency);

    const pad = canvas(PAD_SIZE, PAD_SIZE, 'digit-pad');
    pad.id = 'digit-pad';
    pad.dataset['brush'] = String(BRUSH);
    const seen = canvas(28, 28, 'digit-seen');
    const bars = document.createElement('div');
    bars.className = 'probability-bars';
    bars.id = 'classify-bars';
    const answer = document.createElement('p');
    answer.id = 'classify-result';
    answer.className = 'answer';
    answer.textContent = 'Draw a digit.';
    const row = document.createElement('div');
    row.className = 'classify-row';
    const side = document.createElement('div');
    side.append(answer, bars);
    row.append(figure(pad, 'your drawing'), figure(seen, 'what LeNet-5 sees (28×28)'), side);
    root.append(controls, row);

    const pen = pad.getContext('2d', { willReadFrequently: true })!;
    function wipe(): void {
      pen.fillStyle = '#000';
      pen.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
      pen.strokeStyle = '#fff';
      pen.lineWidth = BRUSH;
      pen.lineCap = 'round';
      pen.lineJoin = 'round';
    }
    wipe();

    const model: tfl.LayersModel = await context.backends.exclusive(() => shippedLeNet5());

    let strokes = 0;
    async function classify(): Promise<void> {
      const drawn = strokes;
      const input = mnistInput(pen.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data, PAD_SIZE);
      if (input === null) return;
      drawGray(seen, input, 28, 28);
      const { value, run } = await context.backends.run(async () => {
        const x = tf.tensor4d(input, [1, 28, 28, 1]);
        const y = model.predict(x) as tf.Tensor;
        const probabilities = Array.from(await y.data());
        tf.dispose([x, y]);
        return probabilities;
      });
      const digit = value.indexOf(Math.max(...value));
      answer.textContent = `It is a ${digit} (${(100 * value[digit]!).toFixed(1)}%)`;
      answer.dataset['digit'] = String(digit);
      bars.replaceChildren(
        ...value.map((p, d) => {
          const bar = document.createElement('div');
          bar.className = d === digit ? 'bar top' : 'bar';
          bar.dataset['digit'] = String(d);
          bar.innerHTML = `<span class="label">${d}</span><span class="track"><span class="fill" style="width:${(100 * p).toFixed(1)}%"></span></span><span class="value">${(100 * p).toFixed(1)}%</span>`;
          return bar;
        }),
      );
      showRun(latency, run);
      window.foveaClassify = { strokes: drawn, digit, probabilities: value, run };
    }

    let drawing = false;
    let last: [number, number] = [0, 0];
    const point = (event: PointerEvent): [number, number] => {
      const box = pad.getBoundingClientRect();
      return [((event.clientX - box.left) * PAD_SIZE) / box.width, ((event.clientY - box.top) * PAD_SIZE) / box.height];
    };
    pad.addEventListener('pointerdown', (event) => {
      clearTimeout(pending);
      drawing = true;
      last = point(event);
      pad.setPointerCapture(event.pointerId);
      // A dot for a click without a move.
      pen.beginPath();
      pen.moveTo(...last);
      pen.lineTo(...last);
      pen.stroke();
    });
    pad.addEventListener('pointermove', (event) => {
      if (!drawing) return;
      const next = point(event);
      pen.beginPath();
      pen.moveTo(...last);
      pen.lineTo(...next);
      pen.stroke();
      last = next;
    });
    // Classify once the pen rests: a stroke that follows within PAUSE_MS restarts the wait.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (!drawing) return;
      drawing = false;
      strokes++;
      pending = setTimeout(() => void context.track(classify), PAUSE_MS);
    };
    pad.addEventListener('pointerup', finish);
    pad.addEventListener('pointercancel', finish);
    clear.addEventListener('click', () => {
      clearTimeout(pending);
      wipe();
      strokes = 0;
      seen.getContext('2d')!.clearRect(0, 0, 28, 28);
      answer.textContent = 'Draw a digit.';
      delete answer.dataset['digit'];
      bars.replaceChildren();
      delete window.foveaClassify;
    });
    return { rerun: classify };
  },
};
