import { describe, expect, it } from 'vitest';
import { AppearanceGallery, cosineDistance, normalizeEmbedding } from './appearance.js';

const unit = (...v: number[]) => normalizeEmbedding(v, 'v');

describe('appearance', () => {
  it('normalises embeddings and names bad ones', () => {
    expect([...unit(3, 4)]).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(() => normalizeEmbedding([0, 0], 'e')).toThrow(/e is all zeros/);
    expect(() => normalizeEmbedding([1, Number.NaN], 'e')).toThrow(/e\[1\] is NaN/);
    expect(() => normalizeEmbedding([], 'e')).toThrow(/e must be a non-empty array/);
    expect(cosineDistance(unit(1, 0), unit(0, 1))).toBe(1);
  });

  it('keeps the newest `budget` samples per track and matches the nearest', () => {
    const gallery = new AppearanceGallery(2);
    gallery.add(1, unit(1, 0, 0, 0, 0));
    gallery.add(1, unit(0, 1, 0, 0, 0));
    expect(gallery.nearestDistance(1, unit(1, 0, 0, 0, 0))).toBeCloseTo(0, 7);
    gallery.add(1, unit(0, 0, 1, 0, 0)); // pushes out the first
    expect(gallery.size(1)).toBe(2);
    expect(gallery.nearestDistance(1, unit(1, 0, 0, 0, 0))).toBe(1);
    expect(gallery.nearestDistance(1, unit(0, 1, 1, 0, 0))).toBeCloseTo(1 - Math.SQRT1_2, 7);
    expect(gallery.nearestDistance(2, unit(1, 0, 0, 0, 0))).toBe(Number.POSITIVE_INFINITY);
    gallery.retain(new Set([2]));
    expect(gallery.size(1)).toBe(0);
  });

  it('stops at the first sample within a limit, newest first', () => {
    const gallery = new AppearanceGallery(10);
    gallery.add(1, unit(1, 0, 0));
    gallery.add(1, unit(1, 1, 0)); // distance 1 − 1/√2 ≈ 0.29 to (1, 0, 0)
    gallery.add(1, unit(1, 0.2, 0)); // the newest: 1 − 1/√1.04 ≈ 0.019
    const query = unit(1, 0, 0);
    expect(gallery.distanceWithin(1, query, 0.3)).toBeCloseTo(1 - 1 / Math.sqrt(1.04), 6);
    expect(gallery.nearestDistance(1, query)).toBeCloseTo(0, 6);
    // Nothing within 0.001 but the first sample: the search reaches it.
    expect(gallery.distanceWithin(1, query, 0.001)).toBeCloseTo(0, 6);
    expect(gallery.distanceWithin(1, unit(0, 0, 1), 0.2)).toBeCloseTo(1, 6); // none within: the nearest
  });

  it('keeps every sample without a budget', () => {
    const gallery = new AppearanceGallery(null);
    for (let k = 0; k < 40; k++) gallery.add(7, unit(Math.cos(k), Math.sin(k)));
    expect(gallery.size(7)).toBe(40);
    expect(gallery.nearestDistance(7, unit(Math.cos(0), Math.sin(0)))).toBeCloseTo(0, 7);
  });
});
