import { readFileSync } from 'node:fs';

/** The version in this package's package.json (dist/ sits beside it in the repository and the tarball). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
