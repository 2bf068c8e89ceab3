// Downloads into a cache directory, the way Keras's get_file does (~/.keras/models): the file name
// is checked so that nothing is ever written outside the cache directory.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';

export interface DownloadOptions {
  /** Default $FOVEA_CACHE_DIR, else ~/.cache/fovea/models. */
  cacheDir?: string;
  /** md5 (32 hex) or sha256 (64 hex) the file must have, as Keras's file_hash. */
  hash?: string;
  /** Called as bytes arrive (total is undefined when the server does not say). */
  onProgress?: (received: number, total: number | undefined) => void;
  /** Give up when the server has not answered (headers) within this time; default 30 s. */
  connectTimeoutMs?: number;
}

export function defaultCacheDir(): string {
  return process.env['FOVEA_CACHE_DIR'] ?? join(homedir(), '.cache', 'fovea', 'models');
}

/** The path of `fileName` in `cacheDir`; throws for names that are not a plain file name. */
export function cachePath(cacheDir: string, fileName: string): string {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(fileName) || fileName.includes('..')) {
    throw new Error(`cache file name '${fileName}' is not a plain file name (letters, digits, '.', '_', '-')`);
  }
  const root = resolve(cacheDir);
  const path = resolve(root, fileName);
  if (dirname(path) !== root || !path.startsWith(root + sep)) {
    throw new Error(`cache file name '${fileName}' resolves outside the cache directory ${root}`);
  }
  return path;
}

async function hashOf(path: string, hash: string): Promise<string> {
  return createHash(hash.length === 64 ? 'sha256' : 'md5')
    .update(await readFile(path))
    .digest('hex');
}

/** A name for a user URL's file in the cache: its base name, sanitised, plus a hash of the URL. */
export function cacheNameForUrl(url: string): string {
  const base = (new URL(url).pathname.split('/').pop() ?? 'weights').replace(/[^\w.-]/g, '_').replace(/^[._-]+/, '') || 'weights';
  const tag = createHash('sha256').update(url).digest('hex').slice(0, 12);
  return `${tag}-${base}`.replace(/\.\.+/g, '.');
}

/**
 * Return the cached copy of `url` as `fileName`, downloading it first if needed. Offline, the error
 * says where to put a copy made elsewhere.
 */
export async function cachedDownload(url: string, fileName: string, options: DownloadOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const path = cachePath(cacheDir, fileName);
  if (options.hash !== undefined && !/^([0-9a-f]{32}|[0-9a-f]{64})$/i.test(options.hash)) {
    throw new Error(`hash: expected 32 (md5) or 64 (sha256) hex digits, got '${options.hash}'`);
  }
  const cached = await stat(path).catch(() => undefined);
  if (cached?.isFile()) {
    if (options.hash === undefined || (await hashOf(path, options.hash)) === options.hash.toLowerCase()) return path;
  }
  await mkdir(dirname(path), { recursive: true });
  let response: Response;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${options.connectTimeoutMs ?? 30_000} ms`)), options.connectTimeoutMs ?? 30_000);
  try {
    response = await fetch(url, { signal: controller.signal });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new Error(
      `could not download ${url} (${cause}): this machine appears to be offline or cannot reach the host. ` +
        `Download the file elsewhere and copy it to ${path}, or pass a local file path as weights.`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok || response.body === null) {
    throw new Error(`downloading ${url} failed with HTTP ${response.status} ${response.statusText}`);
  }
  const totalHeader = Number(response.headers.get('content-length'));
  const total = Number.isFinite(totalHeader) && totalHeader > 0 ? totalHeader : undefined;
  const partial = `${path}.part-${process.pid}`;
  const out = createWriteStream(partial);
  let received = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', () => done()));
      options.onProgress?.(received, total);
    }
    await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
    if (options.hash !== undefined) {
      const actual = await hashOf(partial, options.hash);
      if (actual !== options.hash.toLowerCase()) throw new Error(`${url}: downloaded file has hash ${actual}, expected ${options.hash}`);
    }
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return path;
}
