import { detectWasmFeatures } from '@foveajs/kernels-wasm';
import { describe, expect, it } from 'vitest';
import { loadProbe, measurePeak } from './peak_probe.js';

describe('peak probe', () => {
  it('runs every iteration of all twelve chains (chain j starts at j)', () => {
    const chains = loadProbe('simd');
    expect(chains(0, 1, 1)).toBe(66);
    // c = c·1 + 1, 1000 times per chain: 66 + 12·1000, exact in float32.
    expect(chains(1000, 1, 1)).toBe(12_066);
    // The multiply is applied too: halving ten times divides the sum by 1024 exactly.
    expect(chains(10, 0.5, 0)).toBe(66 / 1024);
  });

  it('measures a positive rate with the median between the fastest and slowest run', () => {
    const peak = measurePeak('simd', { runs: 3, runMs: 2 });
    expect(peak.build).toBe('simd');
    expect(peak.runs).toBe(3);
    expect(peak.min).toBeGreaterThan(0);
    expect(Number.isFinite(peak.max)).toBe(true);
    expect(peak.median).toBeGreaterThanOrEqual(peak.min);
    expect(peak.median).toBeLessThanOrEqual(peak.max);
  });

  it('runs the fused build where the engine has relaxed SIMD, and says which flag it needs where not', () => {
    if (detectWasmFeatures().relaxedSimd) {
      expect(loadProbe('relaxed-simd')(1000, 1, 1)).toBe(12_066);
    } else {
      expect(() => loadProbe('relaxed-simd')).toThrow(/--experimental-wasm-relaxed-simd/);
    }
  });

  it('names the missing file and the build step', () => {
    expect(() => loadProbe('simd', '/nonexistent')).toThrow(/peak-probe-simd\.wasm is missing .*npm run build/);
  });
});
