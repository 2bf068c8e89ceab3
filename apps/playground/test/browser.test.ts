// The playground as a person uses it, in headless Chromium: served by `npm start`'s server (COOP /
// COEP headers), every panel opened, the backend switched, the results checked on the page, and a
// screenshot of each panel saved under test-results/playground/.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '@foveajs/datasets';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../scripts/serve.mjs';
import type { BackendsReport } from '../src/panels/backends.js';
import type { ClassifyReport } from '../src/panels/classify.js';
import type { ExplorerReport } from '../src/panels/explorer.js';
import type { FiltersReport } from '../src/panels/filters.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const shots = fileURLToPath(new URL('../../../test-results/playground/', import.meta.url));
const flowerJpg = fileURLToPath(new URL('../../../packages/datasets/assets/flower.jpg', import.meta.url));
const executablePath = process.env['FOVEA_CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** How long a step may take before the test gives up: only a hung page meets it (see vitest.shared.ts). */
const WAIT = 300_000;

/**
 * Headless Chromium without a GPU: --disable-gpu keeps it off the (absent) GL stack, while
 * --enable-unsafe-webgpu lets WebGPU run on Chromium's bundled SwiftShader Vulkan, which
 * --use-webgpu-adapter=swiftshader picks explicitly (works with or without VK_ICD_FILENAMES).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
];

const haveChromium = existsSync(executablePath);
if (!haveChromium) {
  const why = `no Chromium at ${executablePath} (apt-get install chromium, or set FOVEA_CHROMIUM_PATH)`;
  if (process.env['CI']) throw new Error(`CI requires the browser test: ${why}`);
  console.warn(`skipping the browser test: ${why}`);
}

/** Outputs agree when |x - ref| <= 1e-4 + 1e-3 |ref| (softmax probabilities, float32 everywhere). */
function assertClose(actual: number[], reference: number[], label: string): void {
  expect(actual, label).toHaveLength(reference.length);
  actual.forEach((value, i) => {
    expect(Math.abs(value - reference[i]!), `${label}[${i}]: ${value} vs ${reference[i]}`).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(reference[i]!));
  });
}

/**
 * A held-out MNIST digit (LeNet-5 never trained on it) as pen strokes: one horizontal stroke per
 * run of ink (> 0.5) in each of its 28 rows, in pad pixels (10 per MNIST pixel, pixel centres).
 */
function digitStrokes(label: number): Array<[[number, number], [number, number]]> {
  const { test } = loadMnist({ testSize: 2000, seed: 0 });
  const index = test.labels.indexOf(label);
  const pixels = test.images.subarray(index * 784, (index + 1) * 784);
  const strokes: Array<[[number, number], [number, number]]> = [];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x]! <= 0.5) continue;
      const start = x;
      while (x + 1 < 28 && pixels[y * 28 + x + 1]! > 0.5) x++;
      strokes.push([
        [start * 10 + 5, y * 10 + 5],
        [x * 10 + 5, y * 10 + 5],
      ]);
    }
  }
  return strokes;
}

/** Draw strokes on the Classify panel's pad with the mouse. */
async function draw(page: Page, strokes: Array<[[number, number], [number, number]]>): Promise<void> {
  const box = (await page.locator('#digit-pad').boundingBox())!;
  const scale = box.width / 280;
  for (const [[x0, y0], [x1, y1]] of strokes) {
    await page.mouse.move(box.x + x0 * scale, box.y + y0 * scale);
    await page.mouse.down();
    await page.mouse.move(box.x + x1 * scale, box.y + y1 * scale, { steps: x1 - x0 > 40 ? 2 : 1 });
    await page.mouse.up();
  }
}

/** Wait for a panel to finish (its section's data-state), failing with its text when it errs. */
async function settled(page: Page, id: string): Promise<void> {
  await page.waitForSelector(`#panel-${id}[data-state="done"], #panel-${id}[data-state="error"]`, { timeout: WAIT });
  const state = await page.getAttribute(`#panel-${id}`, 'data-state');
  // The panel shows its error in a .panel-error block (queried only when there is one: a locator waits for it).
  expect(state, state === 'error' ? ((await page.locator(`#panel-${id} .panel-error`).textContent()) ?? '') : '').toBe('done');
}

/** Choose a backend with the switch shown on panel `id`. */
async function chooseBackend(page: Page, id: string, choice: string): Promise<void> {
  await page.selectOption(`#panel-${id} select[name="backend"]`, choice);
}

describe.runIf(haveChromium)('playground page in headless Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    await build({ root, logLevel: 'error' });
    server = await startServer({ port: 0 });
    url = server.resolvedUrls!.local[0]!;
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    await mkdir(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve, reject) => server?.httpServer.close((error) => (error ? reject(error) : resolve())));
  });

  it('opens every panel, switches backends, and shows the results', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // The header: what this browser gives. The server's COOP/COEP make the page cross-origin
    // isolated, so fovea-wasm runs one thread per core on its shared-memory build.
    await page.goto(`${url}#filters`);
    await page.waitForSelector('#threads-indicator');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const capabilities = await page.evaluate(() => window.foveaPage!);
    expect(capabilities.crossOriginIsolated).toBe(true);
    expect(capabilities.foveaWasm).toMatchObject({ sharedMemory: true, threads: cores });
    if (cores > 1) {
      expect(await page.getAttribute('#threads-indicator', 'data-state')).toBe('on');
      expect(await page.textContent('#threads-indicator')).toMatch(new RegExp(`threads on: fovea-wasm runs ${cores} threads`));
    }
    expect(await page.getAttribute('#cap-simd', 'data-state')).toBe('on');
    expect(capabilities.features.webgpuAdapter, capabilities.features.webgpuReason).not.toBeNull();
    expect(await page.textContent('#cap-webgpu')).toMatch(/WebGPU adapter: /);
    expect(await page.textContent('#fallback')).toMatch(/fovea-wasm runs its (relaxed-)?simd shared-memory build/);

    // Filters & feature maps: the textbook figure on fovea-wasm, then on webgpu, the same maps.
    await settled(page, 'filters');
    const onWasm = (await page.evaluate(() => window.foveaFilters!)) as FiltersReport;
    expect(onWasm.textbook!.run).toMatchObject({ choice: 'fovea-wasm', ran: 'fovea-wasm', threads: cores });
    expect(onWasm.textbook!.maps.map((m) => `${m.photo} ${m.filter}`)).toEqual([
      'china.jpg vertical line',
      'china.jpg horizontal line',
      'flower.jpg vertical line',
      'flower.jpg horizontal line',
    ]);
    for (const map of onWasm.textbook!.maps) {
      // A 7-pixel line over 3 channels of 0..1 pixels: sums in [0, 21], never flat on a photo.
      expect(map.min).toBeGreaterThanOrEqual(0);
      expect(map.max).toBeLessThanOrEqual(21);
      expect(map.max - map.min).toBeGreaterThan(5);
    }
    // The maps are drawn: every canvas of the figure holds more than one gray level.
    const drawnLevels = await page.$$eval('#textbook-maps canvas.feature-map', (canvases) =>
      canvases.map((c) => {
        const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
        return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[4 * i])).size;
      }),
    );
    expect(drawnLevels).toHaveLength(4);
    for (const levels of drawnLevels) expect(levels).toBeGreaterThan(100);
    expect(onWasm.layers).toMatchObject({ model: 'LeNet5', image: 'china.jpg' });
    expect(onWasm.layers!.layers.map((l) => [l.name, l.shape])).toEqual([
      ['c1', [1, 28, 28, 6]],
      ['c3', [1, 10, 10, 16]],
    ]);
    // The switch offers webgpu here (SwiftShader); the Backends panel runs it. The figure is re-run on
    // tfjs-wasm instead: webgpu on a software GPU needs tens of seconds for it.
    expect(await page.locator('#panel-filters select[name="backend"] option[value="webgpu"]').isDisabled()).toBe(false);
    await chooseBackend(page, 'filters', 'tfjs-wasm');
    await page.waitForFunction(() => window.foveaFilters?.layers?.run.choice === 'tfjs-wasm', undefined, { timeout: WAIT });
    await settled(page, 'filters');
    const onXnnpack = (await page.evaluate(() => window.foveaFilters!)) as FiltersReport;
    expect(onXnnpack.textbook!.run.ran).toBe('tfjs-wasm');
    expect(await page.getAttribute('#filters-latency', 'data-backend')).toBe('tfjs-wasm');
    expect(await page.textContent('#filters-latency')).toMatch(/^2 photos 427×640 × 2 filters: [\d.]+ ms on tfjs-wasm$/);
    onXnnpack.textbook!.maps.forEach((map, i) => {
      const reference = onWasm.textbook!.maps[i]!;
      for (const key of ['min', 'max', 'mean'] as const) expect(Math.abs(map[key] - reference[key]), key).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(reference[key])));
    });
    await chooseBackend(page, 'filters', 'fovea-wasm-1');
    await page.waitForFunction(() => window.foveaFilters?.layers?.run.choice === 'fovea-wasm-1', undefined, { timeout: WAIT });
    expect(await page.textContent('#filters-latency')).toMatch(/ms on fovea-wasm, 1 thread$/);
    // An uploaded image, then a zoo model's first layers.
    await page.setInputFiles('#layers-upload', flowerJpg);
    await page.waitForFunction(() => window.foveaFilters?.layers?.image === 'flower.jpg', undefined, { timeout: WAIT });
    await page.selectOption('#layers-model', 'MobileNetV2');
    await page.waitForFunction(() => window.foveaFilters?.layers?.model === 'MobileNetV2', undefined, { timeout: WAIT });
    await settled(page, 'filters');
    const zoo = (await page.evaluate(() => window.foveaFilters!.layers!)) as NonNullable<FiltersReport['layers']>;
    expect(zoo.layers.map((l) => l.shape)).toEqual([
      [1, 112, 112, 32],
      [1, 112, 112, 32],
      [1, 112, 112, 16],
    ]);
    expect(await page.locator('#layer-maps canvas').count()).toBe(24);
    await page.screenshot({ path: `${shots}filters.png`, fullPage: true });

    // Classify: real held-out MNIST digits drawn with the mouse, answered by the shipped LeNet-5.
    await page.click('#tab-classify');
    await settled(page, 'classify');
    // The switch is the page's: the Classify panel's shows the choice made on the Filters panel.
    expect(await page.inputValue('#panel-classify select[name="backend"]')).toBe('fovea-wasm-1');
    await chooseBackend(page, 'classify', 'fovea-wasm');
    for (const label of [3, 7, 2]) {
      await page.click('#classify-clear');
      const strokes = digitStrokes(label);
      await draw(page, strokes);
      await page.waitForFunction((n) => window.foveaClassify?.strokes === n, strokes.length, { timeout: WAIT });
      const answer = (await page.evaluate(() => window.foveaClassify!)) as ClassifyReport;
      expect(answer.digit, `drew a ${label}: ${answer.probabilities.map((p) => p.toFixed(3)).join(' ')}`).toBe(label);
      expect(answer.run.ran).toBe('fovea-wasm');
      expect(await page.getAttribute('#classify-result', 'data-digit')).toBe(String(label));
      expect(await page.getAttribute('#classify-bars .bar.top', 'data-digit')).toBe(String(label));
      expect(await page.locator('#classify-bars .bar').count()).toBe(10);
    }
    // The same drawing on other backends: the same answer, each run timed.
    const reference = (await page.evaluate(() => window.foveaClassify!.probabilities)) as number[];
    for (const choice of ['fovea-wasm-1', 'tfjs-wasm', 'cpu']) {
      await chooseBackend(page, 'classify', choice);
      await page.waitForFunction((c) => window.foveaClassify?.run.choice === c, choice, { timeout: WAIT });
      const answer = (await page.evaluate(() => window.foveaClassify!)) as ClassifyReport;
      expect(answer.run.ran).toBe(choice === 'fovea-wasm-1' ? 'fovea-wasm' : choice);
      if (choice === 'fovea-wasm-1') expect(answer.run.threads).toBe(1);
      assertClose(answer.probabilities, reference, choice);
      expect(await page.textContent('#classify-latency')).toMatch(/^last run: [\d.]+ ms on /);
    }
    await chooseBackend(page, 'classify', 'fovea-wasm');
    await page.waitForFunction(() => window.foveaClassify?.run.choice === 'fovea-wasm', undefined, { timeout: WAIT });
    await page.screenshot({ path: `${shots}classify.png`, fullPage: true });

    // Model explorer: a summary table and the memory chart drawn by vega-lite.
    await page.click('#tab-explorer');
    await settled(page, 'explorer');
    let explorer = (await page.evaluate(() => window.foveaExplorer!)) as ExplorerReport;
    expect(explorer).toMatchObject({ model: 'MobileNetV2', params: 3_538_984 });
    expect(explorer.rows).toBeGreaterThan(100);
    await page.selectOption('#explorer-model', 'LeNet5');
    await page.waitForFunction(() => window.foveaExplorer?.model === 'LeNet5', undefined, { timeout: WAIT });
    explorer = (await page.evaluate(() => window.foveaExplorer!)) as ExplorerReport;
    expect(explorer.params).toBe(61_706);
    expect(explorer.memory.map((m) => m.batchSize)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    for (let i = 1; i < explorer.memory.length; i++) expect(explorer.memory[i]!.trainingBytes).toBeGreaterThan(explorer.memory[i - 1]!.trainingBytes);
    expect(await page.textContent('#explorer-table tbody')).toMatch(/c1\s*Conv2D\s*28×28×6\s*156/);
    // Two lines with a point per batch size, and the title, in vega's SVG.
    expect(await page.locator('#explorer-chart svg .mark-line path').count()).toBe(2);
    expect(await page.locator('#explorer-chart svg g.mark-symbol.role-mark path').count()).toBe(18);
    expect(await page.textContent('#explorer-chart svg')).toMatch(/LeNet5: memory against batch size/);
    await page.click('#explorer-time');
    await page.waitForFunction(() => window.foveaExplorer?.inference !== undefined, undefined, { timeout: WAIT });
    expect(await page.textContent('#explorer-latency')).toMatch(/^one LeNet5 inference: [\d.]+ ms on fovea-wasm, \d+ threads?$/);
    await page.screenshot({ path: `${shots}explorer.png`, fullPage: true });

    // Backends: the same small model on every backend, outputs matching cpu's.
    await page.click('#tab-backends');
    await settled(page, 'backends');
    const report = (await page.evaluate(() => window.foveaBackends!)) as BackendsReport;
    expect(report.adapter, report.webgpuReason).not.toBeNull();
    for (const run of report.runs) {
      expect(run.error, run.backend).toBeUndefined();
      // setBackend did switch: each run reports the backend tfjs actually used.
      expect(run.ran).toBe(run.backend);
    }
    const byBackend = Object.fromEntries(report.runs.map((run) => [run.backend, run.values!]));
    expect(byBackend['cpu']).toHaveLength(10);
    for (const backend of ['fovea-wasm', 'tfjs-wasm', 'webgpu']) assertClose(byBackend[backend]!, byBackend['cpu']!, backend);
    assertClose(byBackend['webgpu']!, byBackend['fovea-wasm']!, 'webgpu vs fovea-wasm');
    expect(report.leakedTensors).toBe(0);
    // fovea-wasm splits a conv across its threads with the single-thread result.
    expect(report.threads.error).toBeUndefined();
    expect(report.threads.crossOriginIsolated).toBe(true);
    expect(report.threads.threads).toBe(report.threads.hardwareConcurrency);
    if (report.threads.threads > 1) expect(report.threads.workersReady).toBe(true);
    expect(report.threads.maxDiffVsOneThread).toBe(0);
    await page.screenshot({ path: `${shots}backends.png`, fullPage: true });

    // LeNet-5's weights came over the network once; a reload reads them from the Cache API.
    expect(await page.evaluate(() => window.foveaWeights)).toEqual({ lenet5: 'network' });
    await page.goto(`${url}#classify`);
    await page.reload();
    await settled(page, 'classify');
    expect(await page.evaluate(() => window.foveaWeights)).toEqual({ lenet5: 'cache' });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
