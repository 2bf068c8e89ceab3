// The layout of src/kernels/: one file per kernel, each a leaf (shared code lives in src/*_support.ts),
// and register_all_kernels.ts registers every one of them, sorted by kernel name as tfjs keeps it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { foveaKernelConfigs } from './register_all_kernels.js';

const kernelsDir = join(dirname(fileURLToPath(import.meta.url)), 'kernels');
const kernelFiles = readdirSync(kernelsDir)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .sort();

/** The module specifiers of every import and re-export in `source` (static and dynamic). */
function importedSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1]!);
}

/** tfjs's order: by name, ignoring case ('_FusedMatMul' first, as '_' sorts before letters). */
function byKernelName(a: string, b: string): number {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
}

describe('src/kernels/', () => {
  it('holds kernel files only, none importing a sibling', () => {
    const problems: string[] = [];
    for (const file of kernelFiles) {
      if (!/^_?[A-Z]\w*\.ts$/.test(file)) {
        problems.push(`src/kernels/${file} is not named after a kernel: shared code belongs in a src/*_support.ts module`);
        continue;
      }
      const source = readFileSync(join(kernelsDir, file), 'utf8');
      for (const specifier of importedSpecifiers(source)) {
        if (!specifier.startsWith('.')) continue;
        if (dirname(resolve(kernelsDir, specifier)) === kernelsDir) {
          problems.push(`src/kernels/${file} imports its sibling '${specifier}': move what they share to a src/*_support.ts module`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('each exports the config of the kernel it is named after, and register_all_kernels.ts lists it', async () => {
    const registered = new Set(foveaKernelConfigs);
    const problems: string[] = [];
    for (const file of kernelFiles) {
      const kernelName = file.slice(0, -'.ts'.length);
      const module = (await import(`./kernels/${kernelName}.ts`)) as Record<string, unknown>;
      const configs = Object.entries(module).filter(([name]) => name.endsWith('Config')) as Array<[string, KernelConfig]>;
      if (configs.length !== 1) {
        problems.push(`src/kernels/${file} exports ${configs.length} configs (${configs.map(([name]) => name).join(', ')}), expected one`);
        continue;
      }
      const [name, config] = configs[0]!;
      if (config.kernelName !== kernelName) {
        problems.push(`src/kernels/${file}'s ${name} registers '${config.kernelName}', expected '${kernelName}' (the file's name)`);
      }
      if (!registered.has(config)) problems.push(`register_all_kernels.ts does not list ${name} (src/kernels/${file})`);
    }
    expect(problems).toEqual([]);
    expect(foveaKernelConfigs.length, 'register_all_kernels.ts lists a config twice').toBe(registered.size);
  });

  it('register_all_kernels.ts lists the kernels sorted by name', () => {
    const names = foveaKernelConfigs.map((config) => config.kernelName);
    expect(names).toEqual([...names].sort(byKernelName));
  });
});
