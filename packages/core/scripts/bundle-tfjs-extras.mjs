// tfjs-core's Node entry (CJS) registers neither the gradients nor the chained tensor methods
// (x.square()); the union package @tensorflow/tfjs bundles them, and tfjs-layers bundles the
// gradients. @foveajs/core must not depend on either, so it bundles the two registration modules of
// tfjs-core's ESM build here. The copy of op code they carry finds the one engine, kernel registry
// and Tensor class through tfjs's globals, so it registers into the engine every package shares.
// Browsers (bundlers) get tfjs-core's own ESM modules instead: see "imports" in package.json.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'tfjs'), { recursive: true });
const registrations = [
  '@tensorflow/tfjs-core/dist/register_all_gradients',
  '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
];
const source = registrations.map((specifier) => `import '${specifier}';`).join('\n');
writeFileSync(join(root, 'tfjs', 'register_extras_browser.js'), `${source}\n`);
await build({
  stdin: { contents: source, resolveDir: root, loader: 'js' },
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  ignoreAnnotations: true, // tfjs marks these modules side-effect free; they are not.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  outfile: join(root, 'tfjs', 'register_extras_node.js'),
  logLevel: 'warning',
});
console.log('bundled tfjs/register_extras_node.js');
