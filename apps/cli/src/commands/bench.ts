// `fovea bench`: the cross-backend benchmarks. They are the repository's private benchmarks package
// (not published with fovea), so the command runs that package's CLI where a checkout has it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { positiveInteger } from '../options.js';

const BENCHMARKS_PACKAGE = '@foveajs/benchmarks';

function isBenchmarksPackage(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === BENCHMARKS_PACKAGE;
  } catch {
    return false;
  }
}

/**
 * The benchmarks package: beside this command in a checkout (apps/cli/dist/commands → benchmarks/),
 * else in the checkout the working directory is in (an installed `fovea` run inside a clone).
 */
export function findBenchmarks(cwd = process.cwd()): string | undefined {
  const besideCommand = fileURLToPath(new URL('../../../../benchmarks/', import.meta.url));
  if (isBenchmarksPackage(besideCommand)) return besideCommand;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isBenchmarksPackage(join(dir, 'benchmarks'))) return join(dir, 'benchmarks');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The arguments after `bench`, verbatim: the known ones are checked here, the rest by the benchmarks' CLI. */
function benchArguments(argv: string[]): string[] {
  const at = argv.indexOf('bench');
  return at < 0 ? [] : argv.slice(at + 1);
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description("the cross-backend benchmarks (fovea-wasm, tfjs-wasm, cpu): runs the repository's benchmarks package, in a clone of the repository")
    .option('--suite <names>', 'suites to run, comma-separated: kernels, training, models (default: all)')
    .option('--backend <names>', 'backends, comma-separated: fovea-wasm, tfjs-wasm, cpu (default: all)')
    .option('--threads <n>', "threads of fovea-wasm's all-threads columns (default: one per core)", positiveInteger)
    .option('--case <ids>', 'only cases whose id contains one of these (comma-separated)')
    .option('--runs <n>', 'timed runs per case and backend', positiveInteger)
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      '\nOther options go to the benchmarks\' CLI as given (--warmup, --no-relaxed, --results, …: see benchmarks/README.md).\n' +
        'Results: benchmarks/results/<suite>.json, .md and .svg for a complete run; results/tmp/ for a filtered one.\n\n' +
        'Example:\n  fovea bench --suite kernels --case conv3x3 --backend fovea-wasm,tfjs-wasm',
    )
    .action(async () => {
      const dir = findBenchmarks();
      if (dir === undefined) {
        throw new Error(
          'the benchmarks are not part of the installed fovea package: they run from a clone of the repository ' +
            '(git clone https://github.com/foveajs/fovea && cd fovea && npm ci && npm run bench, or `fovea bench` inside the clone)',
        );
      }
      const cli = join(dir, 'dist', 'cli.js');
      if (!existsSync(cli)) throw new Error(`the benchmarks in ${dir} are not built (no dist/cli.js): run \`npm run build\` at the repository root first`);
      const child = spawn(process.execPath, [cli, ...benchArguments(process.argv.slice(2))], { cwd: dir, stdio: 'inherit' });
      const code = await new Promise<number>((done, fail) => {
        child.on('error', fail);
        child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)));
      });
      if (code !== 0) process.exitCode = code;
    });
}
