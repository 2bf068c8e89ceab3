// Fovea as its users get it: every public package packed by `npm pack`, the tarballs installed into
// an empty project by the install commands their READMEs give, and each README's example run there
// as written. A README example that breaks, a file missing from a tarball, a sibling pinned to a
// version that does not exist, or types a strict project cannot use fail here, not after publishing.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const exec = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: { node?: string };
  repository?: { url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface PublicPackage {
  dir: string;
  manifest: Manifest;
  readme: string;
}

/** The workspaces the root package.json lists that are published (not private). */
function publicPackages(): PublicPackage[] {
  const { workspaces } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(repo, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern],
  );
  return dirs
    .filter((dir) => existsSync(join(repo, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(repo, dir, 'package.json'), 'utf8')) as Manifest }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ dir, manifest, readme: readFileSync(join(repo, dir, 'README.md'), 'utf8') }));
}

/** The fenced blocks of a markdown text in one language, in order. */
function codeBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'gm');
  for (let match = fence.exec(markdown); match !== null; match = fence.exec(markdown)) blocks.push(match[1]!);
  return blocks;
}

/** The packages a README's install command (its first `npm install` line) names. */
function installedBy(readme: string): string[] {
  const line = codeBlocks(readme, 'sh')
    .flatMap((block) => block.split('\n'))
    .find((text) => text.trim().startsWith('npm install'));
  if (line === undefined) return [];
  return line
    .replace(/#.*$/, '')
    .trim()
    .split(/\s+/)
    .slice(2)
    .filter((word) => !word.startsWith('-'));
}

const packages = publicPackages();
const ownNames = new Set(packages.map((pkg) => pkg.manifest.name));
let work: string;
let project: string;
const tarballs = new Map<string, { file: string; files: string[] }>();

/** Run a command in the test project; stdout, stderr and exit code, without throwing. */
async function inProject(command: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = { ...process.env, PATH: `${join(project, 'node_modules', '.bin')}:${process.env.PATH}` };
  try {
    const { stdout, stderr } = await exec(command, args, { cwd: project, env, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error), code: failed.code ?? 1 };
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fovea-packed-'));
  project = join(work, 'project');
  await mkdir(join(work, 'tarballs'));
  await mkdir(project);
  const packArgs = ['pack', '--json', '--pack-destination', join(work, 'tarballs'), ...packages.flatMap((pkg) => ['--workspace', pkg.dir])];
  const { stdout } = await exec('npm', packArgs, { cwd: repo, maxBuffer: 64 * 1024 * 1024 });
  for (const packed of JSON.parse(stdout) as Array<{ name: string; filename: string; files: Array<{ path: string }> }>) {
    tarballs.set(packed.name, { file: join(work, 'tarballs', packed.filename), files: packed.files.map((f) => f.path) });
  }
  // The user's project: the union of the READMEs' install commands, our packages from the tarballs
  // (they are not on the registry yet), everything else from the registry.
  const wanted = new Set(packages.flatMap((pkg) => installedBy(pkg.readme)));
  for (const name of ownNames) wanted.add(name);
  const specs = [...wanted].map((name) => (ownNames.has(name) ? tarballs.get(name)!.file : name));
  await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'fovea-user', private: true, type: 'module' }, null, 2)}\n`);
  const install = await inProject('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs]);
  if (install.code !== 0) throw new Error(`npm install of the tarballs failed:\n${install.stderr}`);
});

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
  it('declares what npm and its users need', () => {
    const { manifest } = pkg;
    expect(manifest.license).toBe('MIT');
    expect(manifest.engines?.node).toMatch(/^>=\d+\.\d+/);
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\//);
    expect(manifest.repository?.directory).toBe(pkg.dir);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs?.url).toMatch(/^https:\/\//);
    for (const field of ['dependencies', 'peerDependencies'] as const) {
      for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
        if (ownNames.has(dependency)) expect(range, `${field}.${dependency}`).toMatch(/^\^\d/);
      }
    }
    for (const entry of manifest.files ?? []) {
      if (!entry.startsWith('!')) expect(existsSync(join(repo, pkg.dir, entry)), `files: '${entry}' does not exist`).toBe(true);
    }
  });

  it('ships its README, the LICENSE and its build, and no tests', async () => {
    const { files } = tarballs.get(name)!;
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
    expect(files).toContain('LICENSE');
    expect(await readFile(join(repo, pkg.dir, 'LICENSE'), 'utf8')).toBe(await readFile(join(repo, 'LICENSE'), 'utf8'));
    expect(files.some((file) => file.startsWith('dist/') || file.startsWith('bin/'))).toBe(true);
    expect(files.filter((file) => /\.test\.[cm]?[jt]s$|test_support/.test(file))).toEqual([]);
  });

  it('opens its README with an install command that names its required peers', () => {
    const firstBlock = /```(\w+)\n([\s\S]*?)```/.exec(pkg.readme);
    expect(firstBlock?.[1]).toBe('sh');
    expect(firstBlock?.[2]).toMatch(/^npm install /);
    const named = installedBy(pkg.readme);
    expect(named).toContain(name);
    const optional = pkg.manifest.peerDependenciesMeta ?? {};
    const required = Object.keys(pkg.manifest.peerDependencies ?? {}).filter((peer) => !optional[peer]?.optional);
    expect(required.filter((peer) => !named.includes(peer))).toEqual([]);
  });

  it("runs its README's example as written", async () => {
    const example = codeBlocks(pkg.readme, 'js')[0] ?? codeBlocks(pkg.readme, 'sh')[1];
    expect(example, 'the README has no example').toBeDefined();
    const isScript = codeBlocks(pkg.readme, 'js').length > 0;
    const file = join(project, `${name.replace(/\W/g, '_')}-example.${isScript ? 'mjs' : 'sh'}`);
    await writeFile(file, example!);
    const { stdout, stderr, code } = await inProject(isScript ? process.execPath : 'bash', isScript ? [file] : ['-e', file]);
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stderr).not.toMatch(/\bError\b|has not yet been initialized/);
    expect(stdout.trim().length).toBeGreaterThan(0);
  });
});

describe('the installed project', () => {
  it('gets the `fovea` command from the fovea package', async () => {
    const version = await inProject('npx', ['--no-install', 'fovea', '--version']);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(packages.find((pkg) => pkg.manifest.name === 'fovea')?.manifest.version);
    const classify = await inProject('npx', ['--no-install', 'fovea', 'classify']);
    expect(classify.code, classify.stderr).toBe(0);
    expect(classify.stdout).toMatch(/10 images on fovea-wasm in .*; (9|10)\/10 correct/);
  });

  it('trains with `fovea train` from the tarballs, and classifies with the weights it wrote', async () => {
    const trained = await inProject('npx', ['--no-install', 'fovea', 'train', 'lenet5', '--epochs', '1', '--max-batches', '2', '--out', 'runs/lenet5']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/^epoch 1\/1: loss /m);
    const classify = await inProject('npx', ['--no-install', 'fovea', 'classify', '--weights', 'runs/lenet5/model.json', '--json']);
    expect(classify.code, classify.stderr).toBe(0);
    expect((JSON.parse(classify.stdout) as { predictions: unknown[] }).predictions).toHaveLength(10);
  });

  it('says where the benchmarks are: not in the installed package', async () => {
    const bench = await inProject('npx', ['--no-install', 'fovea', 'bench']);
    expect(bench.code).toBe(1);
    expect(bench.stderr.trim()).toMatch(/^fovea: the benchmarks are not part of the installed fovea package: they run from a clone of the repository/);
  });

  it('typechecks a strict nodenext TypeScript program using chained tensor methods', async () => {
    const tsconfig = {
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] },
      files: ['main.ts'],
    };
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    await writeFile(
      join(project, 'main.ts'),
      [
        "import { tf } from '@foveajs/core';",
        "import { summary } from '@foveajs/layers';",
        "import { LeNet5 } from '@foveajs/models';",
        'const image: tf.Tensor3D = tf.zeros([28, 28, 1]);',
        'const batch = image.expandDims<tf.Tensor4D>(0).square().div(255);',
        'const model = LeNet5({ inputShape: [28, 28, 1], classes: 10 });',
        'const scores = model.predict(batch) as tf.Tensor2D;',
        'console.log(scores.argMax(-1).shape, summary(model).totals.params);',
        '',
      ].join('\n'),
    );
    const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));
    const { stdout, code } = await inProject(process.execPath, [tsc, '-p', 'tsconfig.json']);
    expect(stdout, stdout).toBe('');
    expect(code).toBe(0);
  });
});
