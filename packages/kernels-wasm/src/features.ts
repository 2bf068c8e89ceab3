// Runtime feature detection by validating tiny probe modules, as tfjs-backend-wasm does.

/** True in Node (worker_threads, files read from disk, synchronous loading); false in browsers. */
export const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

function probeModule(body: number[]): Uint8Array<ArrayBuffer> {
  const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const typeSection = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b]; // one type: () -> v128
  const functionSection = [0x03, 0x02, 0x01, 0x00];
  const funcBody = [0x00, ...body, 0x0b]; // no locals, body, end
  const codeSection = [0x0a, funcBody.length + 2, 0x01, funcBody.length, ...funcBody];
  return new Uint8Array([...header, ...typeSection, ...functionSection, ...codeSection]);
}

const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];

/** A module returning `v128.const 0`: valid wherever SIMD128 is. */
const simdProbe = probeModule(v128Zero);
/** A module computing `f32x4.relaxed_madd(0, 0, 0)`: valid wherever relaxed SIMD is. */
const relaxedSimdProbe = probeModule([...v128Zero, ...v128Zero, ...v128Zero, 0xfd, 0x85, 0x02]);

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

export interface WasmFeatures {
  simd: boolean;
  relaxedSimd: boolean;
  /** SharedArrayBuffer usable: Node, or a cross-origin isolated page. */
  threads: boolean;
}

let cached: WasmFeatures | undefined;

export function detectWasmFeatures(): WasmFeatures {
  if (cached === undefined) {
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    cached = {
      simd: validates(simdProbe),
      relaxedSimd: validates(relaxedSimdProbe),
      threads: typeof SharedArrayBuffer === 'function' && (isNode || isolated === true),
    };
  }
  return cached;
}
