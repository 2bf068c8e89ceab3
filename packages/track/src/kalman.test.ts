import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHI2INV95, KalmanBoxFilter } from './kalman.js';

// A box centred at (100, 50), aspect ratio 0.5, height 80. With DeepSORT's weights (1/20, 1/160):
// position std 80/20 = 4, velocity std 80/160 = 0.5.
const measurement = [100, 50, 0.5, 80];

function at(covariance: Float64Array, i: number, j: number): number {
  return covariance[i * 8 + j]!;
}

describe('KalmanBoxFilter', () => {
  const kf = new KalmanBoxFilter();

  it('initiates with zero velocity and std 2·h/20, 1e-2, 10·h/160, 1e-5', () => {
    const { mean, covariance } = kf.initiate(measurement);
    expect([...mean]).toEqual([100, 50, 0.5, 80, 0, 0, 0, 0]);
    // (2 · 4)² = 64, (10 · 0.5)² = 25, (1e-2)² = 1e-4, (1e-5)² = 1e-10; nothing off the diagonal.
    const diagonal = [64, 64, 1e-4, 64, 25, 25, 1e-10, 25];
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) expect(at(covariance, i, j)).toBeCloseTo(i === j ? diagonal[i]! : 0, 15);
    }
  });

  it('predicts one frame: P ← F P Fᵀ + Q', () => {
    const state = kf.initiate(measurement);
    kf.predict(state);
    expect([...state.mean]).toEqual([100, 50, 0.5, 80, 0, 0, 0, 0]);
    const c = state.covariance;
    // Position: 64 + 25 (velocity, carried by F) + 16 (Q: 4²) = 105.
    expect(at(c, 0, 0)).toBeCloseTo(105, 12);
    expect(at(c, 3, 3)).toBeCloseTo(105, 12);
    // Aspect ratio: 1e-4 + 1e-10 + 1e-4.
    expect(at(c, 2, 2)).toBeCloseTo(2.000001e-4, 15);
    // Position–velocity: the velocity variance, 25.
    expect(at(c, 0, 4)).toBeCloseTo(25, 12);
    expect(at(c, 4, 0)).toBeCloseTo(25, 12);
    // Velocity: 25 + 0.5² = 25.25.
    expect(at(c, 4, 4)).toBeCloseTo(25.25, 12);
    expect(at(c, 6, 6)).toBeCloseTo(2e-10, 20);
    expect(at(c, 0, 1)).toBe(0);
  });

  it('updates with a measurement 4 px to the right', () => {
    const state = kf.initiate(measurement);
    kf.predict(state);
    kf.update(state, [104, 50, 0.5, 80]);
    // S_xx = 105 + 4² (R) = 121; gain 105/121 for x, 25/121 for its velocity.
    expect(state.mean[0]).toBeCloseTo(100 + (4 * 105) / 121, 12); // 103.47107438016529
    expect(state.mean[4]).toBeCloseTo((4 * 25) / 121, 12); // 0.8264462809917356
    expect(state.mean[1]).toBeCloseTo(50, 12);
    expect(state.mean[3]).toBeCloseTo(80, 12);
    const c = state.covariance;
    // P_xx = 105 − 105²/121 = 1680/121; P_x,vx = 25 − 105·25/121 = 400/121; P_vx = 25.25 − 25²/121.
    expect(at(c, 0, 0)).toBeCloseTo(1680 / 121, 12);
    expect(at(c, 0, 4)).toBeCloseTo(400 / 121, 12);
    expect(at(c, 4, 0)).toBeCloseTo(400 / 121, 12);
    expect(at(c, 4, 4)).toBeCloseTo(25.25 - 625 / 121, 12);
    // Then one frame ahead moves x by its velocity.
    kf.predict(state);
    expect(state.mean[0]).toBeCloseTo(100 + 420 / 121 + 100 / 121, 12);
  });

  it('projects with the measurement noise added', () => {
    const state = kf.initiate(measurement);
    const { mean, covariance } = kf.project(state);
    expect([...mean]).toEqual([100, 50, 0.5, 80]);
    expect(covariance[0]).toBeCloseTo(64 + 16, 12);
    expect(covariance[10]).toBeCloseTo(1e-4 + 1e-2, 15);
  });

  it('gates by the squared Mahalanobis distance at the chi-square 0.95 quantiles', () => {
    expect(CHI2INV95[4]).toBe(9.4877);
    expect(CHI2INV95[2]).toBe(5.9915);
    const state = kf.initiate(measurement);
    kf.predict(state);
    // S is diagonal with 121 for x and y: d² = dx²/121 + dy²/121.
    const d = kf.gatingDistance(state, [
      [104, 50, 0.5, 80],
      [130, 50, 0.5, 80],
      [135, 50, 0.5, 80],
    ]);
    expect(d[0]).toBeCloseTo(16 / 121, 12);
    expect(d[1]).toBeCloseTo(900 / 121, 12); // 7.44: inside the gate
    expect(d[2]).toBeCloseTo(1225 / 121, 12); // 10.12: outside
    expect(d[1]! <= CHI2INV95[4]).toBe(true);
    expect(d[2]! <= CHI2INV95[4]).toBe(false);
    // The aspect ratio's variance is tiny: 0.51 instead of 0.5 is (0.01)² / (2.000001e-4 + 1e-2) ≈ 0.0098.
    expect(kf.gatingDistance(state, [[100, 50, 0.51, 80]])[0]).toBeCloseTo(1e-4 / (2.000001e-4 + 1e-2), 10);
    // Position only: (cx, cy), 2 degrees of freedom.
    const position = kf.gatingDistance(state, [[110, 60, 9, 300]], { onlyPosition: true });
    expect(position[0]).toBeCloseTo(200 / 121, 12);
  });

  it('takes its noise weights as options and checks them', () => {
    const custom = new KalmanBoxFilter({ stdWeightPosition: 0.1, stdWeightVelocity: 0.01 });
    const { covariance } = custom.initiate(measurement);
    expect(covariance[0]).toBeCloseTo((2 * 0.1 * 80) ** 2, 10);
    expect(() => new KalmanBoxFilter({ stdWeightPosition: 0 })).toThrow(/stdWeightPosition must be a number > 0, got 0/);
    expect(() => kf.initiate([1, 2, 3])).toThrow(/measurement must be \[cx, cy, aspect ratio, height\]/);
    expect(() => kf.update(kf.initiate(measurement), [1, 2, Number.NaN, 4])).toThrow(/measurement\[2\] is NaN/);
  });

  it('gate() agrees with gatingDistance() on random states and measurements', () => {
    const value = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
    const box = fc.tuple(value(0, 500), value(0, 500), value(0.2, 3), value(10, 200));
    fc.assert(
      fc.property(box, fc.array(box, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), (start, measurements, steps, onlyPosition) => {
        const state = kf.initiate(start);
        for (let k = 0; k < steps; k++) kf.predict(state);
        const threshold = onlyPosition ? CHI2INV95[2] : CHI2INV95[4];
        const distances = kf.gatingDistance(state, measurements, { onlyPosition });
        const inside = new Uint8Array(measurements.length);
        kf.gate(state, Float64Array.from(measurements.flat()), measurements.length, threshold, onlyPosition, inside);
        measurements.forEach((_, k) => {
          // Sums in the same order: the same decision, except within rounding of the threshold.
          if (Math.abs(distances[k]! - threshold) > 1e-9) expect(inside[k]).toBe(distances[k]! <= threshold ? 1 : 0);
        });
      }),
      { numRuns: 200 },
    );
  });
});
