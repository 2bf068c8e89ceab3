// Bundles tfjs-core's op test suite with the fovea-wasm backend and runs it under jasmine.
// Prints spec counts; exits non-zero on any failure. Usage: node test/conformance/run.mjs [filter]
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import Jasmine from 'jasmine';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');
const outFile = join(packageRoot, '.cache', 'conformance.mjs');
mkdirSync(dirname(outFile), { recursive: true });

await build({
  entryPoints: [join(here, 'entry.ts')],
  outfile: outFile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  // tfjs's "main" is a prebundled CJS file with its own engine; "module" is the ESM tree the
  // test files import, so prefer it to get one engine for tests and backend alike.
  mainFields: ['module', 'main'],
  // tfjs marks its files side-effect free, which would drop the test files' registrations.
  ignoreAnnotations: true,
  // The kernel loader finds its .wasm next to its own dist/, so keep it outside the bundle.
  external: ['@foveajs/kernels-wasm'],
  // Some tfjs test files require() node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __foveaCreateRequire } from 'node:module'; const require = __foveaCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

const counts = { passed: 0, failed: 0, excluded: 0, pending: 0 };
const failures = [];
const jasmine = new Jasmine({ projectBaseDir: packageRoot });
jasmine.exitOnCompletion = false;
jasmine.jasmine.DEFAULT_TIMEOUT_INTERVAL = 30000;
jasmine.env.clearReporters();
jasmine.env.addReporter({
  specDone(result) {
    if (result.status === 'passed') counts.passed++;
    else if (result.status === 'failed') {
      counts.failed++;
      failures.push(`${result.fullName}\n    ${result.failedExpectations.map((e) => e.message).join('\n    ')}`);
    } else if (result.status === 'excluded') counts.excluded++;
    else counts.pending++;
  },
});
const filter = process.argv[2];
const started = Date.now();
const result = await jasmine.execute([outFile], filter);
for (const failure of failures) console.log(`FAILED ${failure}`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `tfjs-core conformance on ${process.env.FOVEA_CONFORMANCE_BACKEND ?? 'fovea-wasm'}: ${counts.passed + counts.failed} specs run, ${counts.passed} passed, ` +
    `${counts.failed} failed, ${counts.excluded} excluded, ${counts.pending} pending (${seconds} s)`,
);
process.exitCode = result.overallStatus === 'passed' ? 0 : 1;
