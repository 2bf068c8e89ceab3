import { firstLine, type GpuStatus, keepDefaultBackend } from './status.js';

/**
 * @tensorflow/tfjs-node(-gpu) 4.22 bind libtensorflow 2.9.1 (scripts/deps-constants.js), so the
 * GPU build needs what TensorFlow 2.9 was built against: NVIDIA driver >= 450, CUDA 11.2 and
 * cuDNN 8.1 (CUDA 12 / cuDNN 9 are not picked up), on Linux x64 or Windows x64. Their install
 * scripts download libtensorflow and the prebuilt addon from storage.googleapis.com (or the
 * TFJS_NODE_CDN_STORAGE mirror), so an offline machine cannot install them.
 */
export const TENSORFLOW_REQUIREMENTS = {
  libtensorflow: '2.9.1',
  cuda: '11.2',
  cudnn: '8.1',
  nvidiaDriver: '>= 450.80.02',
  platforms: ['linux-x64', 'win32-x64'],
} as const;

export const TENSORFLOW_INSTALL =
  'Install `@tensorflow/tfjs-node-gpu@^4.22.0` (NVIDIA GPU on Linux/Windows x64 with CUDA 11.2 and cuDNN 8.1) or ' +
  '`@tensorflow/tfjs-node@^4.22.0` (CPU); their install scripts download libtensorflow 2.9.1 from storage.googleapis.com ' +
  '(or TFJS_NODE_CDN_STORAGE), and npm >= 11 runs them only after `npm install-scripts approve <package>`';

const PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function isNotInstalled(error: unknown, specifier: string): boolean {
  const code = (error as { code?: string }).code;
  const message = firstLine(error);
  // Node says ERR_MODULE_NOT_FOUND; bundlers and Vite-based runners say "could not resolve".
  return (
    message.includes(specifier) &&
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find (module|package)|could not resolve|failed to resolve/i.test(message))
  );
}

/**
 * Load @tensorflow/tfjs-node-gpu, else @tensorflow/tfjs-node; either registers the 'tensorflow'
 * backend with the shared engine. Installed-but-broken (no libtensorflow, missing CUDA libraries)
 * is reported apart from not installed, since the fixes differ.
 */
export async function prepareTensorflow(): Promise<GpuStatus> {
  if (typeof process === 'undefined' || process.versions?.node === undefined) {
    return { available: false, reason: "the 'tensorflow' backend runs only in Node.js", install: 'Use webgpu or fovea-wasm in the browser' };
  }
  const reasons: string[] = [];
  for (const specifier of PACKAGES) {
    try {
      // A variable specifier keeps bundlers from resolving these Node-only addons.
      await import(/* @vite-ignore */ specifier);
      keepDefaultBackend('tensorflow');
      return { available: true, detail: `${specifier} (libtensorflow ${TENSORFLOW_REQUIREMENTS.libtensorflow})` };
    } catch (error) {
      reasons.push(isNotInstalled(error, specifier) ? `${specifier} is not installed` : `${specifier} failed to load: ${firstLine(error)}`);
    }
  }
  return { available: false, reason: reasons.join('; '), install: TENSORFLOW_INSTALL };
}
