import { access, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** An IDX array (the MNIST file format): a shape and unsigned bytes. */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Parse an IDX file (gzipped or not). Only the unsigned-byte type is accepted (what MNIST and
 * Fashion-MNIST use); the header's shape must account for exactly the bytes that follow.
 */
export function parseIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new Error(`${name}: not an IDX file (the first two bytes must be 0)`);
  }
  if (raw[2] !== UBYTE) {
    throw new Error(`${name}: IDX element type 0x${raw[2]!.toString(16)} is not supported, expected 0x08 (unsigned byte)`);
  }
  const rank = raw[3]!;
  const headerLength = 4 + 4 * rank;
  if (rank === 0 || raw.length < headerLength) throw new Error(`${name}: truncated IDX header (rank ${rank}, ${raw.length} bytes)`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const dim = view.getUint32(4 + 4 * i, false);
    shape.push(dim);
    count *= dim;
  }
  if (raw.length - headerLength !== count) {
    throw new Error(`${name}: IDX shape [${shape}] needs ${count} data bytes, the file has ${raw.length - headerLength}`);
  }
  return { shape, data: raw.subarray(headerLength) };
}

export async function readIdx(path: string, missingHint: string): Promise<IdxArray> {
  try {
    await access(path);
  } catch {
    throw new Error(`${path} does not exist. ${missingHint}`);
  }
  return parseIdx(new Uint8Array(await readFile(path)), path);
}
