// Reading files that come from anywhere: only regular files (not a FIFO, a device or a directory
// that would block or never end), only up to a size the caller sets, and only as many bytes as the
// file held when it was opened.

/** h5wasm's in-memory file system lives in 32-bit WASM: a model file over 2 GiB cannot be opened anyway. */
export const MAX_MODEL_FILE_BYTES = 2 ** 31 - 1;
/** A model.json, topology JSON or config.json larger than this is not a real one. */
export const MAX_JSON_BYTES = 256 * 2 ** 20;

/** Read a whole regular file of at most `maxBytes`, or throw `error(message)` saying why not. */
export async function readRegularFile(path: string, maxBytes: number, error: (message: string) => Error): Promise<Uint8Array> {
  const { open } = await import('node:fs/promises');
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw error(`it could not be opened: ${(cause as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw error('it is not a regular file');
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
