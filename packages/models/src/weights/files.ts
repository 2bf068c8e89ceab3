// Reading files that come from anywhere: only regular files (not a FIFO, a device or a directory
// that would block or never end), only up to a size the caller sets, and only as many bytes as the
// file held when it was opened.

/** h5wasm's in-memory file system lives in 32-bit WASM: a model file over 2 GiB cannot be opened anyway. */
export const MAX_MODEL_FILE_BYTES = 2 ** 31 - 1;
/** A model.json, topology JSON or config.json larger than this is not a real one. */
export const MAX_JSON_BYTES = 256 * 2 ** 20;

/** What a path is, for an error: 'a directory', 'a FIFO', 'a character device', … */
function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Read a whole regular file of at most `maxBytes`, or throw `error(message)` saying why not. The
 * file is opened non-blocking, so a FIFO is refused at once instead of waiting for a writer; a
 * device (/dev/zero behind a symlink) or directory is refused by what fstat says it is.
 */
export async function readRegularFile(path: string, maxBytes: number, error: (message: string) => Error): Promise<Uint8Array> {
  const { open } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw error('it is a directory, not a regular file');
    throw error(`it could not be opened: ${(cause as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw error(`it is ${kindOf(stats)}, not a regular file`);
    if (stats.size > maxBytes) throw error(`it holds ${stats.size} bytes, more than the ${maxBytes} accepted`);
    const bytes = new Uint8Array(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === bytes.length ? bytes : bytes.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

/**
 * `relative` (a manifest's shard path, already checked to be a plain relative name) resolved inside
 * `folder` with every symlink followed; throws `error(message)` when it leads outside the folder.
 */
export async function pathInside(folder: string, relative: string, error: (message: string) => Error): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  const { join, relative: relativePath, isAbsolute } = await import('node:path');
  let root: string;
  let target: string;
  try {
    root = await realpath(folder);
    target = await realpath(join(folder, relative));
  } catch (cause) {
    throw error(`it could not be opened: ${(cause as Error).message}`);
  }
  const inside = relativePath(root, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw error(`it resolves to ${target}, outside the model's folder ${root} (a symlink?): only files inside the folder are read`);
  }
  return target;
}

/** Parse JSON bytes, or throw `error(message)`. */
export function parseJson(bytes: Uint8Array, error: (message: string) => Error): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw error(`it is not valid JSON: ${(cause as Error).message}`);
  }
}

/** True when the bytes start (after whitespace and a BOM) with '{': a JSON object, i.e. a tfjs model.json or a topology. */
export function looksLikeJsonObject(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const byte = bytes[i]!;
    if (byte === 0x7b) return true;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) return false;
  }
  return false;
}
