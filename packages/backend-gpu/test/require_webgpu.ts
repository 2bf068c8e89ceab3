import type { GpuStatus } from '../src/index.js';

/**
 * CI must run the WebGPU tests (it installs chromium + libvulkan1 and sets VK_ICD_FILENAMES), so
 * there a missing adapter is a failure; elsewhere the tests skip and say why.
 */
export function webgpuOrSkip(status: GpuStatus): boolean {
  if (status.available) return true;
  const why = `${status.reason}. ${status.install ?? ''}`;
  if (process.env['CI']) throw new Error(`CI requires the webgpu backend: ${why}`);
  console.warn(`skipping WebGPU tests: ${why}`);
  return false;
}
