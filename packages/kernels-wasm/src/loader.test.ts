// loadKernels' errors when the .wasm is missing or is not a build of this package.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKernels, loadKernelsSync, relu } from './index.js';

/** A directory holding `fovea-simd.wasm` and `fovea-simd-threads.wasm`: a valid module with no exports. */
function foreignBuilds(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-foreign-'));
  const emptyModule = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  writeFileSync(join(dir, 'fovea-simd.wasm'), emptyModule);
  writeFileSync(join(dir, 'fovea-simd-threads.wasm'), emptyModule);
  return `${dir}/`;
}

describe('loadKernels', () => {
  it('names the build and the location of a .wasm it cannot read', async () => {
    const dir = `${mkdtempSync(join(tmpdir(), 'fovea-none-'))}/`;
    await expect(loadKernels({ variant: 'simd', threads: 1, sharedMemory: false, wasmPath: dir })).rejects.toThrow(
      /^could not load Fovea kernels \(simd\) from file:\/\/.*fovea-simd\.wasm: /,
    );
  });

  it('refuses a module that is not a build of this version, naming what it lacks (single and shared memory)', async () => {
    const wasmPath = foreignBuilds();
    await expect(loadKernels({ variant: 'simd', threads: 1, sharedMemory: false, wasmPath })).rejects.toThrow(
      /^could not load Fovea kernels \(simd\) from .*: the module lacks heapBase, gemmRows, .*binaryRange.*, expected a build of this version of @foveajs\/kernels-wasm$/,
    );
    await expect(loadKernels({ variant: 'simd', threads: 2, wasmPath })).rejects.toThrow(/\(simd-threads\) .*the module lacks heapBase/);
  });

  it('loads synchronously in Node, with the same errors as the asynchronous path', () => {
    const kernels = loadKernelsSync({ variant: 'simd', threads: 2 });
    try {
      expect(kernels.variant).toBe('simd');
      expect(kernels.threads).toBe(2);
      expect(Array.from(relu(kernels, new Float32Array([-1, 2, -3, 4])))).toEqual([0, 2, 0, 4]);
    } finally {
      kernels.dispose();
    }
    const dir = `${mkdtempSync(join(tmpdir(), 'fovea-none-'))}/`;
    expect(() => loadKernelsSync({ variant: 'simd', sharedMemory: false, wasmPath: dir })).toThrow(/^could not load Fovea kernels \(simd\) from file:\/\/.*fovea-simd\.wasm: ENOENT/);
    expect(() => loadKernelsSync({ variant: 'simd', threads: 1, wasmPath: foreignBuilds() })).toThrow(/\(simd-threads\) .*the module lacks heapBase/);
    expect(() => loadKernelsSync({ wasmPath: 'https://example.com/fovea/' })).toThrow(/reads local files only; use loadKernels for a URL/);
  });
});
