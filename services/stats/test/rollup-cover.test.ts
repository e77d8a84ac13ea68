import { describe, expect, it } from 'vitest';
import { type CoverRange, coverOf } from '../src/storage/rollup-cover.js';

const H = 3_600_000;

/** Every hour a range stands for, as hour starts: a day or month row stands for all of its hours. */
function hoursOf(ranges: CoverRange[]): number[] {
  const hours: number[] = [];
  for (const r of ranges) for (let h = r.from; h < r.to; h += H) hours.push(h);
  return hours.sort((a, b) => a - b);
}

function allHours(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let h = Math.floor(from / H) * H; h < Math.ceil(to / H) * H; h += H) hours.push(h);
  return hours;
}

describe('coverOf', () => {
  const now = Date.UTC(2026, 11, 2, 20, 30);

  it.each([
    ['a few hours', Date.UTC(2026, 11, 2, 3), Date.UTC(2026, 11, 2, 9)],
    ['30 days ending mid-day', Date.UTC(2026, 10, 2, 21), Date.UTC(2026, 11, 2, 21)],
    ['across whole months', Date.UTC(2025, 10, 17, 5, 20), Date.UTC(2026, 11, 2, 20, 59)],
    ['aligned days', Date.UTC(2026, 0, 1), Date.UTC(2026, 2, 1)],
    ['a leap February', Date.UTC(2024, 1, 10), Date.UTC(2024, 2, 3)],
  ])('covers every hour of %s exactly once', (_name, from, to) => {
    const cover = coverOf({ from: new Date(from), to: new Date(to) }, now);
    if (cover.allTime) throw new Error('a bounded window is no all-time cover');
    expect(hoursOf(cover.ranges)).toEqual(allHours(from, to));
    for (const r of cover.ranges) {
      if (r.period === 'd') expect(r.from % (24 * H)).toBe(0);
      if (r.period === 'm') expect(new Date(r.from).getUTCDate()).toBe(1);
    }
  });

  it('uses months and days rather than hours for a long window', () => {
    const cover = coverOf({ from: new Date(Date.UTC(2025, 10, 17, 5)), to: new Date(Date.UTC(2026, 11, 2, 21)) }, now);
    if (cover.allTime) throw new Error('bounded');
    const months = cover.ranges.filter((r) => r.period === 'm');
    expect(months).toEqual([{ period: 'm', from: Date.UTC(2025, 11, 1), to: Date.UTC(2026, 11, 1) }]);
    expect(cover.ranges.filter((r) => r.period === 'h').length).toBe(2);
  });

  it('answers all time ending now from the all-time rows, and all time ending earlier from periods', () => {
    expect(coverOf({ from: null, to: new Date(now + H) }, now)).toEqual({ allTime: true });
    const past = coverOf({ from: null, to: new Date(Date.UTC(2020, 0, 1)) }, now);
    expect(past.allTime).toBe(false);
  });
});
