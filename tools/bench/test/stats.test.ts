import { describe, expect, it } from 'vitest';
import { percentile, ratePerSecond, steadyRate, summarize } from '../src/stats.js';

describe('stats', () => {
  it('takes percentiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples', () => {
    expect(summarize([3, 1, 2, 4])).toEqual({ count: 4, p50: 2, p99: 4, max: 4, mean: 2.5 });
  });

  it('measures the steady rate between the 10% and 90% completions, leaving out a slow start', () => {
    // 100 events: the first 5 trickle in over half a second, the rest come one per millisecond.
    const completions = Array.from({ length: 100 }, (_, i) => (i < 5 ? i * 100 : 1000 + i));
    expect(steadyRate(completions)).toBeCloseTo(1000, 6);
    expect(ratePerSecond(100, 0, 1000)).toBe(100);
  });
});
