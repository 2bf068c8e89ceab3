// KERNEL_EXPORTS (src/exports.ts) is the one table of the kernel module's exports: assembly/index.ts,
// the AssemblyScript signatures and the four built modules must agree with it. Each failure says
// what is missing where.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KERNEL_EXPORTS, type KernelExportName, PARALLEL_EXPORTS } from './exports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const tableNames = Object.keys(KERNEL_EXPORTS) as KernelExportName[];
const THREAD_RANGE = ['start', 'end', 'part'];

/** assembly/index.ts's re-exports: export name → the assembly/ file it comes from. */
function assemblyIndex(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, names, file] of read('assembly/index.ts').matchAll(/export\s*\{([^}]*)\}\s*from\s*'\.\/(\w+)'/g)) {
    for (const name of names!.split(',').map((n) => n.trim()).filter(Boolean)) files.set(name, `assembly/${file}.ts`);
  }
  return files;
}

/**
 * Names of the functions a .wasm file exports, read from its export section (compiling it is not
 * needed, and Node 20 cannot compile the relaxed-SIMD builds without a flag).
 */
function exportedFunctions(bytes: Uint8Array): string[] {
  let at = 8; // magic and version
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    if (id !== 7) {
      at += size;
      continue;
    }
    const names: string[] = [];
    for (let count = leb(); count > 0; count--) {
      const length = leb();
      const name = new TextDecoder().decode(bytes.subarray(at, at + length));
      at += length;
      const kind = bytes[at++]!;
      leb(); // index
      if (kind === 0) names.push(name);
    }
    return names;
  }
  return [];
}

/** Parameter names of a parenthesised list `(a: T, b: U = 1, …)` starting at `source[open]`. */
function parameterNames(source: string, open: number): string[] {
  let depth = 0;
  let close = open;
  for (; close < source.length; close++) {
    if (source[close] === '(') depth++;
    else if (source[close] === ')' && --depth === 0) break;
  }
  return source
    .slice(open + 1, close)
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split(':')[0]!.trim());
}

/** Parameter names of `export function name(` in an AssemblyScript file, or undefined. */
function assemblyParameters(file: string, name: string): string[] | undefined {
  const source = read(file);
  const match = new RegExp(`export function ${name}\\s*\\(`).exec(source);
  return match === null ? undefined : parameterNames(source, match.index + match[0].length - 1);
}

/** Parameter names of each row's signature as written in src/exports.ts. */
function tableParameters(): Map<string, string[]> {
  const source = read('src/exports.ts');
  const aliases = new Map<string, string[]>();
  for (const match of source.matchAll(/type (\w+) = \(/g)) {
    aliases.set(match[1]!, parameterNames(source, match.index + match[0].length - 1));
  }
  const rows = new Map<string, string[]>();
  for (const match of source.matchAll(/^ {2}(\w+): (?:once|split)<(\(|\w+)/gm)) {
    const [, name, start] = match;
    rows.set(name!, start === '(' ? parameterNames(source, match.index + match[0].length - 1) : (aliases.get(start!) ?? []));
  }
  return rows;
}

describe('KERNEL_EXPORTS, the table of the kernel module', () => {
  it('has a row for each export of assembly/index.ts, and no other', () => {
    const exported = assemblyIndex();
    const problems = [
      ...[...exported.keys()]
        .filter((name) => !Object.hasOwn(KERNEL_EXPORTS, name))
        .map((name) => `assembly/index.ts exports ${name} (${exported.get(name)}), but src/exports.ts's KERNEL_EXPORTS has no row for it`),
      ...tableNames
        .filter((name) => !exported.has(name))
        .map((name) => `src/exports.ts's KERNEL_EXPORTS has a row for ${name}, but assembly/index.ts does not export it`),
    ];
    expect(problems).toEqual([]);
  });

  it('gives each export the parameters of its AssemblyScript function, `split` rows ending in start, end, part', () => {
    const exported = assemblyIndex();
    const written = tableParameters();
    const problems: string[] = [];
    for (const name of tableNames) {
      const file = exported.get(name);
      if (file === undefined) continue; // reported above
      const assembly = assemblyParameters(file, name);
      if (assembly === undefined) {
        problems.push(`assembly/index.ts takes ${name} from ${file}, which has no \`export function ${name}(\``);
        continue;
      }
      const table = written.get(name);
      if (table?.join() !== assembly.join()) {
        problems.push(`src/exports.ts's ${name} takes (${table?.join(', ')}), ${file}'s takes (${assembly.join(', ')})`);
      }
      const endsInRange = assembly.slice(-3).join() === THREAD_RANGE.join();
      if (KERNEL_EXPORTS[name].split && !endsInRange) {
        problems.push(`${name} is a \`split\` row in src/exports.ts, but ${file}'s ${name} does not end in start, end, part`);
      }
      if (!KERNEL_EXPORTS[name].split && endsInRange) {
        problems.push(`${file}'s ${name} ends in start, end, part: make its row in src/exports.ts \`split\` so threads can run it`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists the split rows as PARALLEL_EXPORTS', () => {
    expect(PARALLEL_EXPORTS).toEqual(tableNames.filter((name) => KERNEL_EXPORTS[name].split));
    expect(PARALLEL_EXPORTS.length).toBeGreaterThan(0);
  });

  it('matches the functions every built module exports (rebuild with `npm run build` if not)', () => {
    const builds = readdirSync(join(root, 'build')).filter((file) => file.endsWith('.wasm'));
    expect(builds).toHaveLength(4);
    const problems: string[] = [];
    for (const build of builds) {
      const functions = exportedFunctions(readFileSync(join(root, 'build', build)));
      for (const name of functions) {
        if (!Object.hasOwn(KERNEL_EXPORTS, name)) problems.push(`build/${build} exports ${name}, which KERNEL_EXPORTS lacks`);
      }
      for (const name of tableNames) {
        if (!functions.includes(name)) problems.push(`build/${build} lacks ${name}, which KERNEL_EXPORTS lists`);
      }
    }
    expect(problems).toEqual([]);
  });
});
