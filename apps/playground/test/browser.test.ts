import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendsReport } from '../src/panels/backends.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const executablePath = process.env['FOVEA_CHROMIUM_PATH'] ?? '/usr/bin/chromium';

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

describe.runIf(haveChromium)('playground page in headless Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;

  beforeAll(async () => {
    await build({ root, logLevel: 'error' });
    server = await preview({ root, logLevel: 'error', preview: { host: '127.0.0.1', port: 0, strictPort: false } });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve, reject) => server?.httpServer.close((error) => (error ? reject(error) : resolve())));
  });

  it('runs the model on webgpu and fovea-wasm with matching outputs', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    const url = server.resolvedUrls?.local[0];
    expect(url, 'preview server URL').toBeTruthy();
    await page.goto(url!);
    await page.waitForSelector('#backends[data-state="done"], #backends[data-state="error"]', { timeout: 45_000 });
    const state = await page.getAttribute('#backends', 'data-state');
    expect(state, (await page.textContent('#backends')) ?? '').toBe('done');
    const report = (await page.evaluate(() => window.foveaBackends)) as BackendsReport;
    expect(consoleErrors).toEqual([]);

    expect(report.adapter, report.webgpuReason).not.toBeNull();
    for (const run of report.runs) {
      expect(run.error, run.backend).toBeUndefined();
      // setBackend did switch: each run reports the backend tfjs actually used.
      expect(run.ran).toBe(run.backend);
    }
    const byBackend = Object.fromEntries(report.runs.map((run) => [run.backend, run.values!]));
    expect(byBackend['cpu']).toHaveLength(10);
    assertClose(byBackend['fovea-wasm']!, byBackend['cpu']!, 'fovea-wasm');
    assertClose(byBackend['webgpu']!, byBackend['cpu']!, 'webgpu');
    assertClose(byBackend['webgpu']!, byBackend['fovea-wasm']!, 'webgpu vs fovea-wasm');
    expect(report.numTensorsAfter).toBe(0);
    // The preview server sends COOP/COEP: fovea-wasm gets one worker per core and splits a conv
    // across them with the single-thread result.
    expect(report.threads.error).toBeUndefined();
    expect(report.threads.crossOriginIsolated).toBe(true);
    expect(report.threads.threads).toBe(report.threads.hardwareConcurrency);
    if (report.threads.threads > 1) expect(report.threads.workersReady).toBe(true);
    expect(report.threads.maxDiffVsOneThread).toBe(0);
    await page.close();
  }, 60_000);
});
