import { firstLine, type GpuStatus } from './status.js';

export const TENSORFLOW_INSTALL =
  'Install `@tensorflow/tfjs-node-gpu@^4.22.0` (CUDA 11.2 + cuDNN 8.1 on Linux x64) or `@tensorflow/tfjs-node@^4.22.0` ' +
  '(CPU); their installers download libtensorflow, so the machine needs access to storage.googleapis.com';

/** Load @tensorflow/tfjs-node-gpu, else @tensorflow/tfjs-node, which register the 'tensorflow' backend. */
export async function prepareTensorflow(): Promise<GpuStatus> {
  const reasons: string[] = [];
  for (const specifier of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(/* @vite-ignore */ specifier);
      return { available: true, detail: specifier };
    } catch (error) {
      reasons.push(`${specifier}: ${firstLine(error)}`);
    }
  }
  return { available: false, reason: `neither package could be loaded (${reasons.join('; ')})`, install: TENSORFLOW_INSTALL };
}
