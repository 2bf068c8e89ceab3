// `npm start` at the repository root: serves the built playground (dist/) on localhost with the
// headers of vite.config.ts's preview (COOP + COEP: cross-origin isolation, so fovea-wasm's
// threads work), and prints the URL. The browser test starts the same server.
// Usage: node apps/playground/scripts/serve.mjs [--port 4173] [--host 127.0.0.1]
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { preview } from 'vite';

export const playgroundRoot = fileURLToPath(new URL('..', import.meta.url));

/** Serve dist/ (port 0: any free port); resolves once listening. */
export async function startServer({ port = 4173, host = '127.0.0.1', strictPort = false } = {}) {
  if (!existsSync(new URL('../dist/index.html', import.meta.url))) {
    throw new Error('the playground is not built (no apps/playground/dist/index.html): run `npm start` at the repository root, or `npm run build -w @foveajs/playground`');
  }
  return preview({ root: playgroundRoot, logLevel: 'warn', preview: { host, port, strictPort, open: false } });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '4173' }, host: { type: 'string', default: '127.0.0.1' } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port: expected a whole number from 0 to 65535, got '${values.port}'`);
    process.exit(1);
  }
  try {
    const server = await startServer({ port, host: values.host });
    const url = server.resolvedUrls?.local[0] ?? `http://${values.host}:${port}/`;
    console.log(`Fovea playground: ${url}`);
    console.log('Cross-origin isolated (COOP/COEP sent), so fovea-wasm runs on every core. Ctrl-C stops the server.');
  } catch (error) {
    console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
